"""Erasure: removing a person from Chorus while the charity's figures stay right.

THIS MODULE DESTROYS DATA, for good: there is no undo and no copy is kept.

Records are not deleted, because they are counted (uses of stories, memberships,
payments, placements); what identifies or describes the person is blanked instead.
The records are those of the subject access export: every model registered with
`chorus.privacy.registry`, and a test fails when a model that points at a person is
not registered. In each of them every encrypted field and every free-text field is
blanked; choices, dates, amounts and links stay, so the counts do not change. A
registration adds what blanking alone does not do (`erase_values`, `erase`: a
storyteller's status, a consent's withdrawal). Placements are never touched: they are
the charity's public record of coverage.

Kept import files that name the person (`chorus.privacy.kept_files`) are deleted.

Every erasure is also written to the erasure register (`erasure_register`, ids only,
kept outside the backups), so that restoring an older backup erases the person again
(`erasures_reapply`).

What is left: the storyteller reference, "Erased person #<pk>", and one audit row
(DELETE, with the reason's category and no values). Earlier audit rows about the
erased records keep who did what and when, but lose the values they held.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from chorus.lib.crypto import EncryptedTextField
from chorus.privacy import registry
from chorus.privacy.erasure_register import (
    ERASED_NOTE,
    already_erased,
    erasure_register_add,
    erasure_register_read,
)
from chorus.privacy.kept_files import kept_file_delete, kept_files_naming
from chorus.privacy.models import AuditAction, AuditEntry, ErasureReason
from chorus.privacy.services import REDACTED, audit_record


@dataclass(frozen=True)
class ErasureResult:
    person_pk: int
    reason: str
    records: dict[str, int]  # model label -> records anonymised


def erased_name(person_pk: int) -> str:
    return f"Erased person #{person_pk}"


def erasure_confirmation_text(person: models.Model) -> str:
    """What a reviewer must type to confirm erasing `person`: their non-identifying reference."""
    return registry.subject_reference(person)


def blanked_fields(model: type[models.Model]) -> list[str]:
    """The fields erasure empties in `model`: every encrypted field and free-text field.

    Free text is a text field that may be blank and is not a choice, a key or a unique
    code (such as a storyteller reference, which is kept).
    """
    names = []
    for f in model._meta.concrete_fields:
        if isinstance(f, EncryptedTextField):
            names.append(f.name)
        elif (
            isinstance(f, models.CharField | models.TextField)
            and f.blank
            and not f.choices
            and not f.unique
            and not f.primary_key
        ):
            names.append(f.name)
    return names


def _touch(model: type[models.Model]) -> dict[str, Any]:
    fields = {f.name for f in model._meta.concrete_fields}
    return {"updated_at": timezone.now()} if "updated_at" in fields else {}


@transaction.atomic
def person_erase(*, actor: Any, person: models.Model, reason: str) -> ErasureResult:
    """Blank everything that identifies or describes `person`, everywhere. IRREVERSIBLE.

    `reason` is an ErasureReason value; only that category is recorded.
    """
    reason = ErasureReason(reason).value
    # Written before anything is blanked: a restore must never bring the person back.
    erasure_register_add(person_pk=person.pk, reason=reason)
    # Found before the name and addresses they are searched for are blanked.
    files = kept_files_naming(person)
    counts: dict[str, int] = {}
    erased_rows: dict[str, list[str]] = {}
    for kind in registry.personal_data():
        model = kind.model
        pks = list(kind.records_of(person).values_list("pk", flat=True))
        if not pks:
            continue
        records = model._default_manager.filter(pk__in=pks)
        changes: dict[str, Any] = {name: "" for name in blanked_fields(model)}
        changes |= _touch(model)
        changes |= kind.values_on_erasure(person)
        records.update(**changes)
        # A model may need more than blanking (an address that must stop receiving mail).
        if kind.erase is not None:
            kind.erase(records)
        counts[kind.label] = len(pks)
        erased_rows[kind.label] = [str(pk) for pk in pks]
    _redact_audit_trail(erased_rows)
    # A kept import file naming them would outlive the erasure: it goes (the import's
    # record stays).
    for kept in files:
        kept_file_delete(actor=actor, kept=kept, note=f"erased: {reason}")
    if files:
        counts["kept_files"] = len(files)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type=person._meta.label_lower,
        object_id=str(person.pk),
        object_repr=f"Person #{person.pk}",
        note=f"{ERASED_NOTE}{reason}",
    )
    person.refresh_from_db()
    return ErasureResult(person_pk=person.pk, reason=reason, records=counts)


def _redact_audit_trail(rows: dict[str, list[str]]) -> None:
    """Earlier audit rows about the erased records keep who, what and when, not values.

    The one place Chorus changes an audit row: the log must not outlive an erasure as a
    copy of the person's details (for example a job title or a payment note).
    """
    entries = []
    for label, pks in rows.items():
        for entry in AuditEntry.objects.filter(object_type=label, object_id__in=pks):
            entry.changes = {name: REDACTED for name in entry.changes}
            entry.object_repr = f"{label} #{entry.object_id}"
            entries.append(entry)
    AuditEntry.objects.bulk_update(entries, ["changes", "object_repr"], batch_size=500)


def erasures_reapply(*, registers: list[Path]) -> list[int]:
    """Erase again everyone the erasure registers list whom the database still holds.

    Run after a restore: the backup may predate their erasure. People the restored
    database already records as erased are left alone. Returns the ids erased again.
    """
    person_model = registry.subject_model()
    again = []
    for person_pk, reason in sorted(erasure_register_read(registers).items()):
        person = person_model._default_manager.filter(pk=person_pk).first()
        if person is None or already_erased(person):
            continue
        person_erase(actor=None, person=person, reason=reason)
        again.append(person_pk)
    return again
