"""The backup schedule: a nightly backup with its rotation, and a weekly check of the newest.

Each task only calls a service; a failure is mailed to the admins (`ops.alerts`).
"""

from crontask import cron
from django.tasks import task

from chorus.ops import alerts


@cron("15 1 * * *")  # every night at 01:15, before the retention tasks (02:30 onwards)
@task
def backup_nightly() -> str:
    """Back up, then delete the copies beyond CHORUS_BACKUP_KEEP_DAILY/WEEKLY/MONTHLY."""
    return alerts.backup_nightly_run()


@cron("30 4 * * Sun")  # Sundays at 04:30
@task
def backup_verify_weekly() -> str:
    """Restore the newest backup into a temporary place and check it; tell admins if it fails."""
    return alerts.backup_verify_newest()
