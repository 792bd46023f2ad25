"""Uploaded import files that Chorus keeps: personal data too.

An import keeps its original file so staff can check what was imported and download it
again. The file holds people's names and addresses, so it is kept for
CHORUS_IMPORT_FILE_RETENTION_DAYS (90 by default) after its upload and then deleted by
the nightly retention task; the import's record (who uploaded what, when, how many rows)
stays. Apps register the kinds of file they keep (`registry.register_kept_files`).

Which files name a person (`kept_files_naming`), for subject access and erasure: every
file still kept, of every registered kind, is read, and it names the person when its
text contains their full name or any email address Chorus holds on them (the Person's,
or one on their registered records such as a subscriber's), whatever the case. A file
naming them in another spelling is not found; a file naming someone else of the same
name is listed too, so staff check before sending anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from chorus.privacy import registry
from chorus.privacy.models import AuditAction
from chorus.privacy.registry import KeptFiles
from chorus.privacy.services import audit_record

# Files larger than this are searched in their first part only (imports are capped lower).
_MAX_SEARCHED_BYTES = 20 * 1024 * 1024


def import_file_retention_days() -> int:
    return int(getattr(settings, "CHORUS_IMPORT_FILE_RETENTION_DAYS", 90))


@dataclass(frozen=True)
class KeptFile:
    kind: KeptFiles
    record: models.Model

    @property
    def name(self) -> str:
        return str(getattr(self.record, "original_name", "") or self.record)

    @property
    def uploaded_at(self) -> Any:
        return getattr(self.record, self.kind.uploaded_field)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.label,
            # What was imported ("subscribers", "placements"), when the record says.
            "import_kind": str(getattr(self.record, "kind", "") or ""),
            "id": self.record.pk,
            "file": self.name,
            "uploaded_at": self.uploaded_at,
        }


def _identifiers(person: models.Model) -> list[str]:
    found = {str(getattr(person, "full_name", "") or "")}
    for entry in registry.personal_data():
        if any(f.name == "email" for f in entry.model._meta.concrete_fields):
            found.update(str(e) for e in entry.records_of(person).values_list("email", flat=True))
    return sorted({value.strip().casefold() for value in found if value and value.strip()})


def _text_of(record: models.Model, field_name: str) -> str:
    try:
        with getattr(record, field_name).open("rb") as stored:
            data = stored.read(_MAX_SEARCHED_BYTES)
    except (FileNotFoundError, ValueError, OSError):
        return ""
    return data.decode("utf-8-sig", errors="replace").casefold()


def kept_files_naming(person: models.Model) -> list[KeptFile]:
    """Kept import files that name the person, by the rule in this module's docstring."""
    identifiers = _identifiers(person)
    if not identifiers:
        return []
    found = []
    for kind in registry.kept_files():
        for record in kind.kept():
            text = _text_of(record, kind.file_field)
            if any(identifier in text for identifier in identifiers):
                found.append(KeptFile(kind, record))
    return found


@transaction.atomic
def kept_file_delete(*, actor: Any, kept: KeptFile, note: str) -> None:
    """Delete a kept file from storage and clear it from its record; the record stays."""
    record, field_name = kept.record, kept.kind.file_field
    stored = getattr(record, field_name)
    name = stored.name
    type(record)._default_manager.filter(pk=record.pk).update(**{field_name: ""})
    # The file goes only once the record no longer points at it.
    transaction.on_commit(lambda: stored.storage.delete(name))
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type=kept.kind.label,
        object_id=str(record.pk),
        object_repr=f"{kept.kind.label} #{record.pk} file",
        changes={field_name: "deleted"},
        note=note,
    )


def kept_files_delete_expired(*, today: datetime.date | None = None) -> int:
    """Delete kept import files uploaded more than the retention period ago. Returns how many.

    Safe to run twice: a deleted file is no longer kept, so it is not found again.
    """
    today = today or timezone.localdate()
    days = import_file_retention_days()
    cutoff = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    )
    deleted = 0
    for kind in registry.kept_files():
        expired = kind.kept().filter(**{f"{kind.uploaded_field}__lt": cutoff})
        for record in list(expired):
            kept_file_delete(
                actor=None,
                kept=KeptFile(kind, record),
                note=f"retention: import file kept for {days} days",
            )
            deleted += 1
    return deleted
