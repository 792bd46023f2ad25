"""The import framework itself, with a small kind of its own (no app behind it)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from chorus.lib import audit as lib_audit
from chorus.lib.imports import registry, services
from chorus.lib.imports.models import ImportMapping, ImportUpload
from chorus.lib.imports.reading import ImportRow, check_file, read_file
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db

SAVED: list[tuple[str, int]] = []


@dataclass
class MemberRow(ImportRow):
    name: str = ""
    age: int | None = None


def _parse(row: MemberRow, state: dict[str, Any]) -> None:
    row.name = row.cell("name")
    if not row.name:
        row.problem("name", "empty. Write the member’s name.")
    if row.has("age"):
        value = row.cell("age")
        if value and not value.isdigit():
            row.problem("age", f"‘{value}’ is not a number of years.")
        elif value:
            row.age = int(value)


def _check(check: Any) -> None:
    for row in check.rows:
        if row.name == "Known Example":
            row.skip_reason = "already a member"


def _apply(*, actor: Any, check: Any, label: str) -> ApplyResult:
    for row in check.to_import:
        SAVED.append((row.name, row.age))
    return ApplyResult(
        created=len(check.to_import), unchanged=len(check.rows) - len(check.to_import)
    )


def _kind(name: str = "members", *, keep_file: bool = True) -> ImportKind:
    return ImportKind(
        name=name,
        singular="member",
        plural="members",
        title="Import members",
        fields=(
            ImportField("name", required=True, aliases=("full name",)),
            ImportField("age"),
        ),
        row_class=MemberRow,
        parse_row=_parse,
        check=_check,
        apply=_apply,
        area="people",
        url_name="none:members_import",
        keep_file=keep_file,
    )


@pytest.fixture(autouse=True)
def members() -> Iterator[ImportKind]:
    SAVED.clear()
    kind = registry.register(_kind())
    counted = registry.register(_kind("group_export", keep_file=False))
    yield kind
    registry.unregister(kind.name)
    registry.unregister(counted.name)


def test_it_reads_rows_with_plain_word_errors_per_row_and_column(members):
    check = read_file(members, b"Full Name,age\r\nAmal Example,31\r\n,x\r\n")
    assert [(r.name, r.age) for r in check.rows] == [("Amal Example", 31), ("", None)]
    assert [p.as_dict() for p in check.errors] == [
        {"row": 3, "column": "name", "message": "Row 3, name: empty. Write the member’s name."},
        {"row": 3, "column": "age", "message": "Row 3, age: ‘x’ is not a number of years."},
    ]
    assert check.errors[0].error == "empty. Write the member’s name."


def test_a_column_that_is_absent_is_not_in_the_cells(members):
    check = read_file(members, b"name\r\nAmal Example\r\n")
    assert check.ok
    assert check.rows[0].cells == {"name": "Amal Example"}
    assert not check.rows[0].has("age")


def test_it_names_unknown_and_missing_columns(members):
    check = read_file(members, b"member,shoe size\r\nAmal,41\r\n")
    messages = [p.message for p in check.file_errors]
    assert messages[0].startswith("Unknown columns: ‘member’, ‘shoe size’.")
    assert "Match the columns" in messages[0]
    assert messages[1].startswith("Missing column: ‘name’.")


def test_a_mapping_reads_other_headings_as_fields_or_leaves_them_out(members):
    check = read_file(
        members,
        b"Member,Shoe size\r\nAmal Example,41\r\n",
        mapping={"member": "name", "shoe size": ""},
    )
    assert check.ok
    assert check.rows[0].cells == {"name": "Amal Example"}
    assert check.columns == ["name", ""]


def test_the_database_check_leaves_rows_out_without_making_them_errors(members):
    check = check_file(members, b"name\r\nKnown Example\r\nNew Example\r\n")
    assert check.ok
    assert [r.name for r in check.to_import] == ["New Example"]


def test_matching_columns_is_saved_per_kind_and_offered_next_time(members, users):
    data = b"Member,Shoe size\r\nAmal Example,41\r\n"
    first = services.import_upload_create(actor=None, kind="members", name="a.csv", data=data)
    assert first.status == ImportUpload.Status.INVALID

    services.import_upload_remap(
        actor=None, upload=first, mapping={"Member": "name", "Shoe size": ""}
    )
    first.refresh_from_db()
    assert first.status == ImportUpload.Status.READY
    assert set(ImportMapping.objects.filter(kind="members").values_list("heading", "field")) == {
        ("member", "name"),
        ("shoe size", ""),
    }
    # Another kind is not affected; the next file of this kind is read with the match.
    assert read_file(registry.get_kind("group_export"), data).file_errors
    second = services.import_upload_create(actor=None, kind="members", name="b.csv", data=data)
    assert second.status == ImportUpload.Status.READY


def test_confirm_applies_once_and_counts(members):
    data = b"name,age\r\nKnown Example,50\r\nNew Example,20\r\n"
    upload = services.import_upload_create(actor=None, kind="members", name="m.csv", data=data)
    done = services.import_upload_confirm(actor=None, upload=upload)
    assert (done.status, done.created_count, done.unchanged_count) == ("imported", 1, 1)
    assert SAVED == [("New Example", 20)]
    with pytest.raises(services.ImportRefused, match="already imported"):
        services.import_upload_confirm(actor=None, upload=upload)
    assert SAVED == [("New Example", 20)]
    assert AuditEntry.objects.filter(action="import", object_id=str(upload.pk)).count() == 1


def test_a_cancelled_import_imports_nothing_and_keeps_its_file(members):
    data = b"name\r\nNew Example\r\n"
    upload = services.import_upload_create(actor=None, kind="members", name="m.csv", data=data)
    services.import_upload_cancel(actor=None, upload=upload)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.CANCELLED
    with pytest.raises(services.ImportRefused, match="cancelled"):
        services.import_upload_confirm(actor=None, upload=upload)
    assert SAVED == []
    with upload.file.open("rb") as kept:
        assert kept.read() == data
    assert list(services.import_files_kept(kind="members")) == [upload]


def test_a_kind_that_does_not_keep_files_deletes_it_once_done(
    members, django_capture_on_commit_callbacks
):
    data = b"name\r\nNew Example\r\n"
    confirmed = services.import_upload_create(
        actor=None, kind="group_export", name="g.csv", data=data
    )
    path = confirmed.file.path
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.import_upload_confirm(actor=None, upload=confirmed)
    assert confirmed.file.name == ""
    assert SAVED == [("New Example", None)]
    assert not os.path.exists(path)

    cancelled = services.import_upload_create(
        actor=None, kind="group_export", name="g.csv", data=data
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_upload_cancel(actor=None, upload=cancelled)
    cancelled.refresh_from_db()
    assert cancelled.file.name == ""
    assert list(services.import_files_kept(kind="group_export")) == []


def test_an_import_that_fails_half_way_saves_nothing_and_stays_ready(members):
    upload = services.import_upload_create(
        actor=None, kind="members", name="m.csv", data=b"name\r\nNew Example\r\n"
    )

    def broken(**kwargs: Any) -> ApplyResult:
        SAVED.append(("half", 0))
        raise RuntimeError("the database went away")

    registry.register(dataclasses.replace(members, apply=broken))
    with pytest.raises(RuntimeError):
        services.import_upload_confirm(actor=None, upload=upload)
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.READY


def test_nothing_is_written_without_an_audit_recorder(members, monkeypatch):
    monkeypatch.setattr(lib_audit, "_recorder", None)
    with pytest.raises(ImproperlyConfigured):
        services.import_upload_create(
            actor=None, kind="members", name="m.csv", data=b"name\r\nA\r\n"
        )
    assert not ImportUpload.objects.exists()


def test_lib_imports_no_app():
    import ast
    from pathlib import Path

    import chorus.lib

    root = Path(chorus.lib.__file__).parent
    apps = {"accounts", "privacy", "people", "voices", "media", "roundup", "impact", "demo"}
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "chorus" and len(parts) > 1 and parts[1] in apps:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
