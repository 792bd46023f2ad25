"""Subject access: everything Chorus holds about one person, found through the register.

Each app registers the models that hold data about people (`chorus.privacy.registry`);
the export has one file for every registration. A test walks the model definitions and
fails when a model that points at a person, or at a record a person owns outright, is
neither registered nor declared not personal, so a model added later cannot be left
out of the export (or of erasure) unnoticed.

Kept import files that name the person are listed too, by the rule in
`chorus.privacy.kept_files`.

The archive holds decrypted special-category data. It is built in memory, handed to
the person asking for it, and never stored, logged or put into an audit row.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from chorus.lib.jsonq import json_list_holds
from chorus.privacy import registry
from chorus.privacy.kept_files import KeptFile, kept_files_naming
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.registry import PersonalData
from chorus.privacy.services import audit_record

EXPORT_NOTE = "subject access export"


def personal_data_models() -> list[PersonalData]:
    """Every registered model that holds data about a person, the Person first."""
    return registry.personal_data()


# --- The archive ------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectAccessArchive:
    filename: str
    content: bytes
    counts: dict[str, int]


def records_summary(person: models.Model) -> list[tuple[PersonalData, int]]:
    """How many records of each kind Chorus holds about this person (for the confirm page)."""
    return [(m, m.records_of(person).count()) for m in personal_data_models()]


def _label_of(instance: models.Model | None) -> str | None:
    if instance is None:
        return None
    audit_label = getattr(instance, "audit_label", None)
    return str(audit_label()) if callable(audit_label) else str(instance)


def serialise(instance: models.Model) -> dict[str, Any]:
    """Every field of a record, decrypted; related records as their id and name."""
    row: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.is_relation:
            related_id = getattr(instance, f.attname)
            row[f.name] = (
                None
                if related_id is None
                else {"id": related_id, "label": _label_of(getattr(instance, f.name))}
            )
        else:
            row[f.name] = f.value_from_object(instance)
    for m2m in instance._meta.many_to_many:
        row[m2m.name] = [str(related) for related in getattr(instance, m2m.name).all()]
    return row


def _audit_rows(records: dict[str, list[models.Model]]) -> list[dict[str, Any]]:
    """What the audit log says was done with this person's records (never any values)."""
    about = Q(pk__in=[])
    for label, instances in records.items():
        if instances:
            ids = [str(i.pk) for i in instances]
            about |= Q(object_type=label, object_id__in=ids)
            for pk in ids:  # list pages that showed the record
                about |= Q(object_type=label) & json_list_holds("shown", pk)
    return [
        {
            "at": entry.at,
            "action": entry.get_action_display(),
            "record": f"{entry.object_type} #{entry.object_id}"
            if entry.object_id
            else f"{entry.object_type}: {entry.object_repr}",
            "fields": entry.changed_fields,
            "note": entry.note,
        }
        for entry in AuditEntry.objects.filter(about).order_by("at", "id")
    ]


def _readme(
    person: models.Model,
    kinds: list[PersonalData],
    counts: dict[str, int],
    files: list[KeptFile],
    at: datetime.datetime,
) -> str:
    reference = registry.subject_reference(person)
    lines = [
        "SUBJECT ACCESS EXPORT",
        "",
        f"Everything Chorus held on {timezone.localtime(at):%-d %B %Y at %H:%M}",
        f"about person #{person.pk}"
        + ("." if reference == f"person-{person.pk}" else f" ({reference})."),
        "",
        "This archive contains personal and special-category data, decrypted. Send it",
        "to the person only through a secure route, keep no copy, and delete it once sent.",
        "",
        "FILES",
        "",
        "Each <app>.<record kind>.json file holds a list of records of one kind, one JSON",
        "object per record, with every field Chorus stores. A linked record appears as its",
        "id and name. Dates are ISO 8601 (YYYY-MM-DD), times are in UTC.",
        "",
    ]
    for kind in kinds:
        meta = kind.model._meta
        if kind.subject:
            how = "this person's own record"
        elif kind.paths:
            how = "records linked through " + " or ".join(
                p.replace("__", " > ") for p in kind.paths
            )
        else:
            how = "records about this person's other records"
        lines.append(
            f"  {kind.label}.json: {counts[kind.label]} {meta.verbose_name_plural} ({how})"
        )
        basis = str(kind.lawful_basis) + (f"; {kind.article9}" if kind.article9 else "")
        lines.append(f"    why Chorus holds it: {kind.purpose} ({basis})")
    lines += [
        f"  audit_log.json: {counts['audit_log']} entries of the audit trail about these",
        "    records: when they were created, changed, viewed or exported (no values).",
        f"  kept_files.json: {len(files)} uploaded import files still kept that contain",
        "    this person's name or an email address held on them. The files themselves",
        "    also hold other people's data and are not in this archive; staff can send",
        "    the rows about this person on request.",
        "",
        "Every kind of record that can hold data about a person is listed, including",
        "those with no records for this person, so the list shows what was searched.",
        "",
    ]
    return "\n".join(lines)


def subject_access_export(*, actor: Any, person: models.Model) -> SubjectAccessArchive:
    """Build the ZIP archive of everything held about `person`, and audit the export.

    The archive is returned, never stored. The audit row records that an export was
    made, by whom and about which record; it holds no values.
    """
    at = timezone.now()
    kinds = personal_data_models()
    with transaction.atomic():
        records = {kind.label: list(kind.records_of(person)) for kind in kinds}
        audit = _audit_rows(records)
        files = kept_files_naming(person)
        audit_record(actor=actor, action=AuditAction.EXPORT, instance=person, note=EXPORT_NOTE)
    counts = {label: len(rows) for label, rows in records.items()}
    counts["audit_log"] = len(audit)
    counts["kept_files"] = len(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, kinds, counts, files, at))
        for kind in kinds:
            rows = [serialise(instance) for instance in records[kind.label]]
            archive.writestr(f"{kind.label}.json", _json(rows))
        archive.writestr("audit_log.json", _json(audit))
        archive.writestr("kept_files.json", _json([f.as_dict() for f in files]))
    return SubjectAccessArchive(
        filename=f"subject-access-person-{person.pk}-{at:%Y%m%d}.zip",
        content=buffer.getvalue(),
        counts=counts,
    )


def _json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"
