"""The monthly reminder to record the Google group's member count."""

from crontask import cron
from django.tasks import task

from chorus.network import reminders


@cron("0 9 1 * *")  # the first of each month at 09:00
@task
def remind_group_count() -> int:
    """Mail the co-ordinators to record the group's member count, unless one is recent."""
    return reminders.send_snapshot_reminders()
