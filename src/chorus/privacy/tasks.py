"""The nightly retention schedule. Each task only calls a service; all are idempotent.

The first two keep their storyteller names (they are scheduled under them); they work
on every kind registered with a retention rule, storytellers today.
"""

from pathlib import Path

from crontask import cron
from django.conf import settings
from django.tasks import task

from chorus.lib.storage import partial_files_remove
from chorus.privacy import kept_files, retention


@cron("30 2 * * *")  # every night at 02:30
@task
def flag_inactive_storytellers() -> int:
    """Flag records inactive for their retention period (storytellers: CHORUS_RETENTION_MONTHS)."""
    return retention.retention_flag_inactive()


@cron("45 2 * * *")  # after the flagging, so one night's work reads in order in the log
@task
def erase_confirmed_storytellers() -> int:
    """Erase people a reviewer confirmed for erasure, once the grace period is over."""
    return retention.retention_erase_confirmed()


@cron("55 2 * * *")
@task
def delete_expired_import_files() -> int:
    """Delete kept import files older than CHORUS_IMPORT_FILE_RETENTION_DAYS."""
    return kept_files.kept_files_delete_expired()


@cron("57 2 * * *")
@task
def delete_unfinished_uploads() -> int:
    """Delete what uploads cut short by a killed process left (a day old and more)."""
    return partial_files_remove(root=Path(settings.MEDIA_ROOT))
