"""The nightly retention schedule. Each task only calls a service; both are idempotent."""

from crontask import cron
from django.tasks import task

from chorus.privacy import retention


@cron("30 2 * * *")  # every night at 02:30
@task
def flag_inactive_storytellers() -> int:
    """Flag storytellers inactive for CHORUS_RETENTION_MONTHS for a retention review."""
    return retention.retention_flag_inactive()


@cron("45 2 * * *")  # after the flagging, so one night's work reads in order in the log
@task
def erase_confirmed_storytellers() -> int:
    """Erase storytellers a reviewer confirmed for erasure, once the grace period is over."""
    return retention.retention_erase_confirmed()
