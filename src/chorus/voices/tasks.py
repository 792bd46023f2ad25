"""The nightly safeguarding summary. The task only calls the inbox; it names no one."""

from crontask import cron
from django.tasks import task

from chorus.voices import inbox


@cron("0 6 * * *")  # every morning at 06:00, before the working day
@task
def mail_safeguarding_summary() -> int:
    """Mail each active safeguarding lead how many items wait in their inbox, and a link."""
    return inbox.send_lead_summaries()
