"""Background work of research: the nightly deletion of quotes past their retention.

crontask loads this module, so the schedule below runs under `chorus scheduler`.
"""

from crontask import cron
from django.tasks import task

from chorus.research import privacy


@cron("40 3 * * *")  # every night, after privacy's and training's retention runs
@task
def research_quote_retention() -> int:
    """Delete participants' quotes kept longer than the period after their study."""
    return privacy.quotes_delete_expired()
