"""`chorus import KIND FILE [--dry-run] [--as USERNAME]` and `chorus import --list`."""

from __future__ import annotations

import json

import pytest

from chorus import cli
from chorus.lib.imports.models import ImportUpload
from chorus.media.models import Outlet, Placement
from chorus.privacy.models import AuditEntry
from chorus.roundup.models import Subscriber
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db

HEADER = "date,outlet,headline,url,format,lived experience"
GOOD = f"{HEADER}\r\n2023-06-19,Metro,One,https://m.example/1,Interview,yes\r\n" + (
    "2023-06-20,Teesside Today,Two,https://tt.example/2,feature,no\r\n"
)


def _run(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["import", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_a_valid_file_is_imported_and_reported_as_one_json_object(capsys, tmp_path, users):
    path = tmp_path / "coverage.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, report = _run(capsys, "placements", str(path), "--as", "media")
    assert code == 0
    assert report == {
        "kind": "placements",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert sorted(Placement.objects.values_list("headline", flat=True)) == ["One", "Two"]
    upload = ImportUpload.objects.get()
    assert (upload.kind, upload.status, upload.original_name) == (
        "placements",
        "imported",
        "coverage.csv",
    )
    with upload.file.open("rb") as kept:
        assert kept.read() == GOOD.encode()
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor_username == "media"
    assert "(command line)" in entry.note


def test_a_file_with_errors_imports_nothing_and_exits_1(capsys, tmp_path, users):
    PlacementFactory(url="https://m.example/1", headline="Told before")
    before = Placement.objects.count()
    path = tmp_path / "coverage.csv"
    path.write_text(
        f"{HEADER}\r\n2023-06-19,Metro,One,https://m.example/1,Interview,yes\r\n"
        "31/02/2023,Metro,Two,https://m.example/2,Interview,maybe\r\n"
        "2023-06-21,Metro,Three,https://m.example/3,Interview,no\r\n",
        encoding="utf-8",
    )
    code, report = _run(capsys, "placements", str(path))
    assert code == 1
    assert report["rows"] == 3 and report["created"] == 0
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (2, "url"),
        (3, "date"),
        (3, "lived experience"),
    ]
    by_place = {(e["row"], e["column"]): e["error"] for e in report["errors"]}
    assert by_place[(3, "date")] == "‘31/02/2023’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY."
    assert by_place[(2, "url")].startswith("already recorded as a placement: ‘Told before’")
    assert Placement.objects.count() == before
    assert not Outlet.objects.filter(name="Metro").exists()
    assert not ImportUpload.objects.exists()


def test_a_file_it_cannot_read_is_one_error_with_no_row(capsys, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"PK\x03\x04 a workbook")
    code, report = _run(capsys, "subscribers", str(path))
    assert code == 1
    [error] = report["errors"]
    assert error["row"] is None and error["column"] == ""
    assert error["error"].startswith("This is an Excel workbook, not a CSV file.")


def test_a_dry_run_counts_what_it_would_do_and_saves_nothing(capsys, tmp_path):
    Subscriber.objects.create(email="amira@example.org", status=Subscriber.Status.CONFIRMED)
    path = tmp_path / "list.csv"
    path.write_text(
        "email,consent basis,consented on\r\n"
        "amira@example.org,Form,2022-06-19\r\n"
        "ben@example.org,Form,2022-06-19\r\n",
        encoding="utf-8",
    )
    code, report = _run(capsys, "subscribers", str(path), "--dry-run")
    assert code == 0
    assert report == {
        "kind": "subscribers",
        "rows": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 1,
        "errors": [],
    }
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["amira@example.org"]
    assert not ImportUpload.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_lists_the_kinds(capsys):
    assert cli.main(["import", "--list"]) == 0
    names = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert names == [
        "eventbrite-attendance",
        "group_members",
        "journalists",
        "meta-posts",
        "placements",
        "podcast-apple",
        "podcast-host",
        "podcast-op3",
        "podcast-spotify",
        "subscribers",
        "zoom-attendance",
    ]


def test_it_refuses_a_user_who_may_not_import_that_kind(capsys, tmp_path, users):
    path = tmp_path / "coverage.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert cli.main(["import", "placements", str(path), "--as", "coordinator"]) == 2
    assert "may not import placements" in capsys.readouterr().err
    assert not Placement.objects.exists()
