"""Scheduled upkeep of staff sessions."""

from crontask import cron
from django.tasks import task

from chorus.accounts import services, staff_checks


@cron("17 3 * * *")  # every night at 03:17, when nobody is working
@task
def clear_expired_sessions() -> int:
    """Delete expired sessions so stale sign-ins cannot be revived. Safe to run twice."""
    return services.sessions_clear_expired()


@cron("20 6 * * *")  # every morning at 06:20, so the mail is there when the lead starts
@task
def remind_staff_checks_due() -> int:
    """Tell the safeguarding lead of DBS checks and training to renew. Safe to run twice."""
    return staff_checks.staff_checks_remind()
