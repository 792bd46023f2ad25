"""Background work of training: sign-ups, mail, reminders, follow-ups and the waiting list.

crontask loads this module, so the schedule below runs under `chorus scheduler`.
"""

from __future__ import annotations

import datetime

from crontask import cron
from django.tasks import task
from django.utils import timezone

from chorus.training import mails, privacy, registrations
from chorus.training.models import Registration, Session

# The follow-up goes out once the session is over, for a week after it.
FOLLOW_UP_WITHIN = datetime.timedelta(days=7)
REMINDER_BEFORE = datetime.timedelta(hours=24)


@task
def sign_up(sealed: str) -> None:
    """A sign-up from the public page (its fields encrypted while queued)."""
    registrations.sign_up_from_task(sealed)


@task
def mail_registration(kind: str, registration_id: int) -> bool:
    registration = (
        Registration.objects.select_related("session", "session__course")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    return mails.send(kind, registration)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind everyone with a place on a session starting within 24 hours, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + REMINDER_BEFORE,
    ).select_related("session", "session__course")
    return sum(mails.send("reminder", registration) for registration in due)


def send_follow_ups(now: datetime.datetime | None = None) -> int:
    """Thank everyone who attended a session that has ended, with the feedback link, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.ATTENDED,
        follow_up_sent_at__isnull=True,
        feedback_given=False,
        session__ends_at__lte=now,
        session__ends_at__gt=now - FOLLOW_UP_WITHIN,
    ).select_related("session", "session__course")
    return sum(mails.send("follow_up", registration) for registration in due)


@cron("*/15 * * * *")
@task
def training_mail_round() -> dict[str, int]:
    """Every quarter of an hour: expire lapsed offers (offering the places on), remind, thank."""
    return {
        "expired": registrations.registrations_expire(),
        "reminders": send_reminders(),
        "follow_ups": send_follow_ups(),
    }


@cron("35 3 * * *")  # every night, after privacy's own retention run
@task
def training_retention() -> int:
    """Blank who came to sessions that ended beyond the retention period (names, addresses)."""
    return privacy.registrations_minimise()
