"""Writing imports: upload, match columns, confirm atomically, cancel, or run at once.

Keyword-only functions that write and audit (through `chorus.lib.audit`, which the
privacy app serves). The kind's `apply` saves the rows through its app's services in
the same transaction as the import's own record, so an import saves every row or none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chorus.lib.audit import audit
from chorus.lib.imports.models import ImportMapping, ImportUpload
from chorus.lib.imports.reading import LEAVE_OUT, ImportCheck, check_file, folded, read_file
from chorus.lib.imports.registry import ApplyResult, ImportKind, get_kind


class ImportRefused(Exception):
    """An import that cannot be confirmed or cancelled. The message says why, plainly."""


def saved_mapping(*, kind: str) -> dict[str, str]:
    """The headings staff matched for this kind before: folded heading → field."""
    return dict(ImportMapping.objects.filter(kind=kind).values_list("heading", "field"))


def _mapping_for(upload: ImportUpload) -> dict[str, str]:
    # The kind's saved matches, then this file's own choices on top.
    return {**saved_mapping(kind=upload.kind), **(upload.mapping or {})}


def read_upload(upload: ImportUpload, *, against_database: bool = True) -> ImportCheck | None:
    """The upload's file checked now (reads only), or None if the file is gone."""
    if not upload.file:
        return None
    try:
        with upload.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, ValueError):
        return None
    kind = get_kind(upload.kind)
    reader = check_file if against_database else read_file
    return reader(kind, data, mapping=_mapping_for(upload))


def _record_check(upload: ImportUpload, check: ImportCheck) -> None:
    upload.status = ImportUpload.Status.READY if check.ok else ImportUpload.Status.INVALID
    upload.row_count = len(check.rows)
    upload.errors = [p.as_dict() for p in check.errors]
    upload.warnings = [p.as_dict() for p in check.warnings]


def import_upload_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    data: bytes,
    via: str = "",
    checked: ImportCheck | None = None,
) -> ImportUpload:
    """Keep an uploaded file and record what checking it found. Nothing is imported here.

    The file is kept whatever is wrong with it, so nobody has to ask for it again
    (a kind that does not keep files holds it only until confirm or cancel). `checked`
    is the check of these same bytes just made by the caller, so a large file is not
    read twice in a row. When the file cannot be written (a full disk) nothing is kept
    and `chorus.lib.storage.FileNotSaved` says why; when the record cannot be saved,
    the file goes too, so no kept file is ever without the record its retention needs.
    """
    import_kind = get_kind(kind)
    check = checked or check_file(import_kind, data, mapping=saved_mapping(kind=kind))
    name = os.path.basename(name or "") or f"{kind}.csv"
    upload = ImportUpload(
        kind=kind,
        original_name=name[:255],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _record_check(upload, check)
    try:
        with transaction.atomic():
            upload.file.save(name, ContentFile(data), save=False)
            upload.save()
            audit(
                actor=actor,
                action="create",
                instance=upload,
                changes={
                    "kind": {"from": None, "to": kind},
                    "original_name": {"from": None, "to": upload.original_name},
                    "status": {"from": None, "to": upload.status},
                    "row_count": {"from": None, "to": upload.row_count},
                },
                note=f"Uploaded{via}; {len(check.errors)} problems found",
            )
    except BaseException:
        if upload.file:
            upload.file.delete(save=False)
        raise
    return upload


def import_upload_remap(
    *, actor: Any, upload: ImportUpload, mapping: dict[str, str]
) -> ImportUpload:
    """Match this file's headings to fields, save the matches for the kind, check again.

    `mapping` is heading (as written) → field name, or "" to leave the column out.
    A heading matched to what it would be read as anyway is not saved.
    """
    kind = get_kind(upload.kind)
    if upload.status not in (ImportUpload.Status.READY, ImportUpload.Status.INVALID):
        raise ImportRefused("This import is finished, so its columns cannot be matched again.")
    defaults = kind.names_to_fields()
    chosen: dict[str, str] = {}
    for heading, field_name in mapping.items():
        key = folded(heading)
        if not key or (field_name != LEAVE_OUT and field_name not in kind.field_names):
            continue
        chosen[key] = field_name
    with transaction.atomic():
        for key, field_name in chosen.items():
            if defaults.get(key) == field_name:
                ImportMapping.objects.filter(kind=kind.name, heading=key).delete()
                continue
            ImportMapping.objects.update_or_create(
                kind=kind.name,
                heading=key[:200],
                defaults={
                    "field": field_name,
                    "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
                },
            )
        before = upload.status
        upload.mapping = chosen
        check = read_upload(upload)
        if check is not None:
            _record_check(upload, check)
        upload.save(update_fields=["mapping", "status", "row_count", "errors", "warnings"])
        audit(
            actor=actor,
            action="update",
            instance=upload,
            changes={
                "mapping": {"from": None, "to": chosen},
                "status": {"from": before, "to": upload.status},
            },
            note="Columns matched",
        )
    return upload


def _discard_file(upload: ImportUpload) -> None:
    if upload.file:
        storage, name = upload.file.storage, upload.file.name or ""
        upload.file = ""
        # Only once the transaction holds: a rolled-back confirm keeps its file.
        transaction.on_commit(lambda: storage.delete(name))


def import_upload_confirm(*, actor: Any, upload: ImportUpload, via: str = "") -> ImportUpload:
    """Save every row of a checked import in one transaction, or none of them.

    The file is checked again first (someone may have changed the records since the
    upload); if anything is now wrong, the import is marked as having errors and
    nothing is saved. An import is confirmed once: a second call raises ImportRefused.
    """
    kind = get_kind(upload.kind)
    with transaction.atomic():
        # The lock makes a double-click, or two people confirming at once, import once.
        locked = ImportUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status == ImportUpload.Status.IMPORTED:
            when = timezone.localtime(locked.imported_at) if locked.imported_at else None
            raise ImportRefused(
                "This file was already imported"
                + (f" on {when:%d %B %Y at %H:%M}" if when else "")
                + ". Nothing was imported again."
            )
        if locked.status == ImportUpload.Status.CANCELLED:
            raise ImportRefused("This import was cancelled. Upload the file again to import it.")
        if locked.status != ImportUpload.Status.READY:
            raise ImportRefused(
                "This file has problems, so nothing can be imported from it. "
                "Fix the spreadsheet and upload it again."
            )
        check = read_upload(locked)
        if check is None:
            raise ImportRefused("The uploaded file is no longer kept. Upload it again.")
        if not check.ok:
            _record_check(locked, check)
            locked.save(update_fields=["status", "row_count", "errors", "warnings"])
            return locked

        result = kind.apply(actor=actor, check=check, label=locked.original_name)
        locked.status = ImportUpload.Status.IMPORTED
        locked.created_count = result.created
        locked.updated_count = result.updated
        locked.unchanged_count = result.unchanged
        locked.imported_at = timezone.now()
        locked.errors = []
        locked.warnings = [p.as_dict() for p in check.warnings]
        if not kind.keep_file:
            _discard_file(locked)
        locked.save()
        audit(
            actor=actor,
            action="import",
            instance=locked,
            changes={
                "status": {"from": ImportUpload.Status.READY, "to": locked.status},
                "created_count": {"from": 0, "to": locked.created_count},
                "updated_count": {"from": 0, "to": locked.updated_count},
            },
            note=_note(kind, result, locked.original_name) + via,
        )
    return locked


def _note(kind: ImportKind, result: ApplyResult, name: str) -> str:
    note = f"{result.created} {kind.plural} from {name}"
    if result.updated:
        note += f"; {result.updated} updated"
    return note + (f"; {result.note}" if result.note else "")


def import_upload_cancel(*, actor: Any, upload: ImportUpload) -> ImportUpload:
    """Close an import that was not confirmed: nothing is imported from it afterwards.

    The kept file stays (for its retention period) unless the kind does not keep files.
    """
    kind = get_kind(upload.kind)
    with transaction.atomic():
        locked = ImportUpload.objects.select_for_update().get(pk=upload.pk)
        if locked.status == ImportUpload.Status.IMPORTED:
            raise ImportRefused("This file was already imported, so it cannot be cancelled.")
        if locked.status == ImportUpload.Status.CANCELLED:
            return locked
        before = locked.status
        locked.status = ImportUpload.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        if not kind.keep_file:
            _discard_file(locked)
        locked.save(update_fields=["status", "cancelled_at", "file"])
        audit(
            actor=actor,
            action="update",
            instance=locked,
            changes={"status": {"from": before, "to": locked.status}},
            note="Cancelled; nothing imported",
        )
    return locked


@dataclass
class RunOutcome:
    """What `import_file_run` did, in the command line's shape."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


class _DryRun(Exception):
    pass


def import_file_run(
    *, actor: Any, kind: str, name: str, data: bytes, dry_run: bool = False
) -> RunOutcome:
    """Check and import a file in one go (the command line). Any error imports nothing.

    With `dry_run` the rows are applied and rolled back, so the counts are exactly what
    an import would do, and nothing is kept. A real run keeps the file as an upload,
    like one made in the browser (when the kind keeps files).
    """
    import_kind = get_kind(kind)
    check = check_file(import_kind, data, mapping=saved_mapping(kind=kind))
    outcome = RunOutcome(kind=kind, rows=len(check.rows))
    outcome.errors = [{"row": p.row, "column": p.column, "error": p.error} for p in check.errors]
    if not check.ok:
        if not outcome.errors:
            outcome.errors = [{"row": None, "column": "", "error": "The file has no rows."}]
        return outcome
    if dry_run:
        try:
            with transaction.atomic():
                result = import_kind.apply(actor=actor, check=check, label=name)
                raise _DryRun
        except _DryRun:
            pass
    else:
        via = " (command line)"
        upload = import_upload_create(
            actor=actor, kind=kind, name=name, data=data, via=via, checked=check
        )
        upload = import_upload_confirm(actor=actor, upload=upload, via=via)
        if upload.status != ImportUpload.Status.IMPORTED:
            outcome.errors = [
                {"row": e["row"], "column": e["column"], "error": e["message"]}
                for e in upload.errors
            ]
            return outcome
        result = ApplyResult(upload.created_count, upload.updated_count, upload.unchanged_count)
    outcome.created, outcome.updated, outcome.unchanged = (
        result.created,
        result.updated,
        result.unchanged,
    )
    return outcome


def import_file_downloaded(*, actor: Any, upload: ImportUpload) -> None:
    """Record that someone took a copy of a kept original (it may name people)."""
    audit(actor=actor, action="export", instance=upload, note="Original file downloaded")


def import_files_kept(*, kind: str | None = None) -> Any:
    """Uploads whose original file is still kept, oldest first (for the retention review)."""
    found = ImportUpload.objects.exclude(file="").order_by("uploaded_at", "pk")
    return found.filter(kind=kind) if kind else found
