"""DBS checks and safeguarding training of those who work with storytellers.

The safeguarding lead keeps the dates (each change audited); every night the lead is
mailed once about each check or training that must be renewed within
CHORUS_STAFF_CHECK_REMINDER_DAYS (30 by default), or has already run out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.lib import mail
from chorus.privacy.services import audited_update

# Which renewal date goes with which "reminded" marker, and how each is named.
KINDS = (
    ("dbs_renew_by", "dbs_reminded_for", "DBS check"),
    ("safeguarding_renew_by", "safeguarding_reminded_for", "Safeguarding training"),
)


def reminder_days() -> int:
    return int(getattr(settings, "CHORUS_STAFF_CHECK_REMINDER_DAYS", 30))


@dataclass(frozen=True)
class Due:
    user: User
    what: str
    renew_by: datetime.date
    marker: str

    @property
    def expired(self) -> bool:
        return self.renew_by < timezone.localdate()


def staff_checks_list() -> QuerySet[User]:
    """Active accounts marked as working with storytellers, or with any date kept."""
    kept = Q(works_with_storytellers=True)
    for name in (
        "dbs_checked_on",
        "dbs_renew_by",
        "safeguarding_trained_on",
        "safeguarding_renew_by",
    ):
        kept |= Q(**{f"{name}__isnull": False})
    return User.objects.filter(kept, is_active=True).order_by("last_name", "first_name", "username")


def due_within(*, today: datetime.date, days: int) -> list[Due]:
    """Checks and training of active staff to renew by today + days (or already expired)."""
    horizon = today + datetime.timedelta(days=days)
    found = []
    for field, marker, what in KINDS:
        users = User.objects.filter(is_active=True, **{f"{field}__lte": horizon})
        for user in users.order_by(field, "pk"):
            found.append(Due(user, what, getattr(user, field), marker))
    return sorted(found, key=lambda due: (due.renew_by, due.user.pk, due.what))


@transaction.atomic
def staff_checks_update(*, actor: Any, user: User, **fields: Any) -> dict[str, Any]:
    unknown = set(fields) - set(User.CHECK_FIELDS)
    if unknown:
        raise ValueError(f"Not a staff-check field: {sorted(unknown)}")
    return audited_update(actor=actor, instance=user, fields=fields)


def staff_checks_remind(*, today: datetime.date | None = None) -> int:
    """Mail the safeguarding leads what is due and not yet announced. Returns mails sent.

    Each renewal is announced once: the marker keeps the date reminded of, and a new
    renewal date (after the check was redone) is announced in its turn. Markers are set
    only once a mail went out, so a night with no lead to tell tries again next night.
    """
    today = today or timezone.localdate()
    fresh = [
        due
        for due in due_within(today=today, days=reminder_days())
        if getattr(due.user, due.marker) != due.renew_by
    ]
    if not fresh:
        return 0
    leads = User.objects.filter(is_active=True, role=Role.SAFEGUARDING_LEAD, email__gt="")
    content = mail.render(
        subject=f"Chorus: {len(fresh)} DBS check(s) or safeguarding training to renew",
        html_template="accounts/email/checks_due.html",
        text_template="accounts/email/checks_due.txt",
        context={"due": fresh, "days": reminder_days(), "site": mail.site_domain()},
    )
    sent = 0
    for lead in leads.order_by("pk"):
        sent += mail.send(
            mail.build(
                content, to=[lead.email], message_id_parts=("staff-checks",), auto_submitted=True
            )
        )
    if sent:
        with transaction.atomic():
            for due in fresh:
                User.objects.filter(pk=due.user.pk).update(**{due.marker: due.renew_by})
    return sent
