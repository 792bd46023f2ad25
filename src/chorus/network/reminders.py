"""The monthly reminder to record the Google group's member count.

Google keeps no join dates: a month without a count is a month of the group's history
lost for good. On the first of each month Chorus mails the role that keeps the count
(the co-ordinators) a link to enter it or import the member export, unless a count
was taken in the last week. The message is Chorus's own words and the latest count:
nothing anyone typed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.lib import mail
from chorus.network import selectors

KEEPER = Role.COORDINATOR
RECENT = datetime.timedelta(days=7)


def reminder_content(on: datetime.date) -> mail.Content:
    latest = selectors.snapshot_on_or_before(on)
    return mail.render(
        subject=f"Record the Google group's member count for {on:%B %Y}",
        html_template="network/email/snapshot_reminder.html",
        text_template="network/email/snapshot_reminder.txt",
        context={
            "month": f"{on:%B %Y}",
            "latest": latest,
            "link": settings.CHORUS_PUBLIC_URL + reverse("network:snapshot_create"),
            "import_link": settings.CHORUS_PUBLIC_URL + reverse("network:group_import"),
        },
    )


def send_snapshot_reminders(on: datetime.date | None = None) -> int:
    """Mail every active co-ordinator with an address; returns how many were sent.

    Nothing is sent when a count was recorded in the week before `on`.
    """
    on = on or timezone.localdate()
    if selectors.has_snapshot_between(on - RECENT, on):
        return 0
    keepers = User.objects.filter(is_active=True, role=KEEPER, email__gt="").order_by("pk")
    content = reminder_content(on)
    sent = 0
    for keeper in keepers:
        sent += mail.send(
            mail.build(
                content,
                to=[keeper.email],
                message_id_parts=("network", "group-count", f"{on:%Y-%m}"),
                auto_submitted=True,
            )
        )
    return sent
