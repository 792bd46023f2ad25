"""Scheduled upkeep of staff sessions."""

from crontask import cron
from django.tasks import task

from chorus.accounts import services


@cron("17 3 * * *")  # every night at 03:17, when nobody is working
@task
def clear_expired_sessions() -> int:
    """Delete expired sessions so stale sign-ins cannot be revived. Safe to run twice."""
    return services.sessions_clear_expired()
