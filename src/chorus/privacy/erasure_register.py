"""The erasure register: who has been erased, by id only, kept outside the backups.

A backup made before someone was erased still holds them. Restoring it must not bring
them back, so every erasure is also written here, one line per person: the Person's
id, the reason's category and the day, nothing that identifies anyone. The register is
a file of its own (CHORUS_ERASURE_REGISTER, by default in the data folder), never in a
backup; each backup run copies it beside the backups (`ops.backups`), and `chorus
restore` erases again everyone it lists whom the restored database still holds.

The line is written and flushed to disk BEFORE the erasure commits: if Chorus stops in
between, the register names someone whose erasure did not finish, and a restore
finishes it. The other order could lose an erasure.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from chorus.privacy.models import AuditAction, AuditEntry

ERASED_NOTE = "erased: "


def register_path() -> Path:
    return Path(settings.CHORUS_ERASURE_REGISTER)


def erasure_register_add(*, person_pk: int, reason: str, path: Path | None = None) -> None:
    """Append one erasure (ids only) and flush it to disk. Already listed: nothing to do."""
    path = path or register_path()
    if person_pk in erasure_register_read([path]):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"person": person_pk, "reason": reason, "on": str(timezone.localdate())})
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def erasure_register_read(paths: Iterable[Path]) -> dict[int, str]:
    """Person id -> reason, from every register given (missing files are empty)."""
    found: dict[int, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                entry: dict[str, Any] = json.loads(line)
                found.setdefault(int(entry["person"]), str(entry.get("reason", "other")))
            except (ValueError, KeyError, TypeError):
                # A line cut short by a crash while writing: the entries before it stand.
                continue
    return found


def already_erased(person: models.Model) -> bool:
    """The database records this person's erasure (the audit row erasure always leaves)."""
    return AuditEntry.objects.filter(
        action=AuditAction.DELETE,
        object_type=person._meta.label_lower,
        object_id=str(person.pk),
        note__startswith=ERASED_NOTE,
    ).exists()
