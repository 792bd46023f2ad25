"""What funders are owed soon: the director's home-page panel and the nightly reminder."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.access import can
from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.funders import selectors
from chorus.funders.models import Duty
from chorus.lib import mail


def panel_context(request: HttpRequest) -> dict[str, Any]:
    if not can(request.user, "funders", "view"):
        return {"duties": [], "today": None}
    today = timezone.localdate()
    return {"duties": list(selectors.duties_due(today)), "today": today}


def reminder_content(duties: list[Duty], today: datetime.date) -> mail.Content:
    count = len(duties)
    return mail.render(
        subject=f"Funders: {count} report{'s' if count != 1 else ''} or milestone"
        f"{'s' if count != 1 else ''} due in the next {selectors.DUE_WITHIN_DAYS} days",
        html_template="funders/email/reminder.html",
        text_template="funders/email/reminder.txt",
        context={
            "duties": duties,
            "today": today,
            "days": selectors.DUE_WITHIN_DAYS,
            "link": settings.CHORUS_PUBLIC_URL + reverse("funders:grant_list"),
        },
    )


def send_reminders(on: datetime.date | None = None) -> int:
    """Mail every active director what is due to funders. Returns how many were sent.

    Nothing is sent on a night when nothing falls due within the window.
    """
    today = on or timezone.localdate()
    duties = list(selectors.duties_due(today))
    if not duties:
        return 0
    content = reminder_content(duties, today)
    sent = 0
    directors = User.objects.filter(is_active=True, role=Role.DIRECTOR, email__gt="").order_by("pk")
    for director in directors:
        sent += mail.send(
            mail.build(
                content,
                to=[director.email],
                message_id_parts=("funders", "duties"),
                auto_submitted=True,
            )
        )
    return sent
