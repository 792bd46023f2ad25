"""The scheduled backup work, and telling the admins when it fails (lib.mail)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from chorus.accounts.roles import Role
from chorus.lib import mail
from chorus.ops.backups import backup_create, backup_newest, backup_verify, backups_prune
from chorus.ops.databases import BackupError

log = logging.getLogger(__name__)


def admins_notify(*, subject: str, problems: list[str]) -> int:
    """Mail every active admin with an address; returns how many were sent."""
    content = mail.render(
        subject=subject,
        html_template="ops/email/backup_problem.html",
        text_template="ops/email/backup_problem.txt",
        context={"subject": subject, "problems": problems},
    )
    admins = get_user_model().objects.filter(is_active=True, role=Role.ADMIN, email__gt="")
    sent = 0
    for admin in admins.order_by("pk"):
        sent += mail.send(
            mail.build(
                content,
                to=[admin.email],
                message_id_parts=("ops", "backup"),
                auto_submitted=True,
            )
        )
    return sent


def backup_nightly_run() -> str:
    try:
        made = backup_create()
    except (BackupError, ImproperlyConfigured, OSError) as exc:
        log.error("The nightly backup failed: %s", exc)
        admins_notify(subject="Chorus: the nightly backup failed", problems=[str(exc)])
        raise
    expired = backups_prune(made.path.parent)
    return f"{made.path.name}: {made.size} bytes; {len(expired)} expired copies deleted"


def backup_verify_newest() -> str:
    newest = backup_newest()
    if newest is None:
        problems = ["There is no backup to check in CHORUS_BACKUP_DIR."]
    else:
        try:
            problems = backup_verify(newest).problems
        except (BackupError, ImproperlyConfigured, OSError) as exc:
            problems = [str(exc)]
    if problems:
        name = newest.name if newest else "no backup"
        log.error("The weekly backup check failed (%s): %s", name, "; ".join(problems))
        admins_notify(subject=f"Chorus: the backup check failed ({name})", problems=problems)
        return f"failed: {name}"
    assert newest is not None  # noqa: S101
    return f"verified: {newest.name}"
