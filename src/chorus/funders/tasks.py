"""The nightly reminder of what funders are owed. The task only calls the service."""

from crontask import cron
from django.tasks import task

from chorus.funders import duties


@cron("15 6 * * *")  # every morning at 06:15, before the working day
@task
def mail_funder_duties() -> int:
    """Mail each active director the reports and milestones due in the next 60 days."""
    return duties.send_reminders()
