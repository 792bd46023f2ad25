"""Backups made and checked in the test database: encrypted, complete, atomic, and checked."""

from __future__ import annotations

import datetime
import os

import pytest
from crontask import scheduler
from cryptography.fernet import Fernet
from django.core import mail

from chorus.accounts.roles import Role
from chorus.cli import main
from chorus.lib import crypto
from chorus.lib.backup.stream import HEADER_SIZE
from chorus.ops import alerts, archive
from chorus.ops.backups import backup_create, backup_verify, backups_in, backups_prune
from chorus.ops.databases import BackupError
from chorus.ops.inventory import field_key_id
from chorus.ops.tasks import backup_nightly, backup_verify_weekly
from chorus.people.models import Person
from chorus.privacy.encryption import encrypted_models, raw_values
from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(settings):
    StorytellerFactory(legal_name="Marta Invented", country_of_origin="Testland")
    upload = settings.MEDIA_ROOT / "imports" / "list.csv"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"email\nreader@example.org\n")
    return upload


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, email="admin@example.org")


def test_a_backup_holds_every_table_and_upload_and_verifies(records, settings, tmp_path):
    made = backup_create(output=tmp_path / "out")

    assert made.path.parent == tmp_path / "out"
    assert [p.name for p in made.path.parent.iterdir()] == [made.path.name]
    manifest = made.manifest
    assert manifest["tables"]["people_person"] == Person.objects.count()
    assert manifest["chorus_version"] and manifest["migrations"]
    assert set(manifest["files"]) == {manifest["database_file"], "uploads/imports/list.csv"}
    stored = sum(1 for columns in encrypted_models() for _ in raw_values(columns))
    assert stored > 0
    assert manifest["field_keys"] == {field_key_id(settings.CHORUS_ENCRYPTION_KEYS[0]): stored}

    checked = backup_verify(made.path)
    assert checked.problems == []
    assert checked.rows == sum(manifest["tables"].values())
    # Every one is read back: the sample is the first and last five of each column.
    assert checked.values_decrypted == stored


def test_nothing_readable_and_no_field_key_is_in_a_backup(records, settings, tmp_path):
    data = backup_create(output=tmp_path).path.read_bytes()
    for secret in (b"reader@example.org", b"people_person", b"Storyteller S-"):
        assert secret not in data
    assert settings.CHORUS_ENCRYPTION_KEYS[0].encode() not in data


def test_verify_names_a_retired_field_key_the_backup_still_needs(records, settings, tmp_path):
    made = backup_create(output=tmp_path)
    old = settings.CHORUS_ENCRYPTION_KEYS[0]
    settings.CHORUS_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    crypto.reset_keys()
    try:
        problems = backup_verify(made.path).problems
    finally:
        settings.CHORUS_ENCRYPTION_KEYS = [old]
        crypto.reset_keys()
    assert any(field_key_id(old) in problem for problem in problems)
    assert any("could not be decrypted" in problem for problem in problems)


def test_a_crash_while_writing_leaves_no_file_that_looks_complete(records, tmp_path, monkeypatch):
    def crash(out, *args, **kwargs):
        out.write(b"half a backup")
        raise OSError("disk full")

    monkeypatch.setattr("chorus.ops.backups.write_backup", crash)
    with pytest.raises(OSError, match="disk full"):
        backup_create(output=tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert backups_in(tmp_path / "out") == {}


def test_one_changed_byte_fails_verify_and_restore_with_a_plain_message(records, tmp_path, capsys):
    made = backup_create(output=tmp_path)
    data = bytearray(made.path.read_bytes())
    data[HEADER_SIZE + len(data) // 2] ^= 0x01
    made.path.write_bytes(bytes(data))
    people = Person.objects.count()

    with pytest.raises(BackupError, match="has been changed"):
        backup_verify(made.path)
    for command in (["backup", "--verify"], ["restore", "--force"]):
        with pytest.raises(SystemExit) as exited:
            main([*command, str(made.path)])
        assert exited.value.code == 1
        err = capsys.readouterr().err
        assert "has been changed" in err
        assert "Traceback" not in err
    # Nothing was restored from it: the database is as it was.
    assert Person.objects.count() == people


def test_restore_refuses_a_database_that_holds_data(records, tmp_path, capsys):
    made = backup_create(output=tmp_path)
    with pytest.raises(SystemExit):
        main(["restore", str(made.path)])
    assert "already holds data" in capsys.readouterr().err


def test_a_backup_without_a_key_is_refused_and_the_nightly_run_tells_the_admins(
    settings, admin, tmp_path
):
    settings.CHORUS_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="CHORUS_BACKUP_KEY"):
        alerts.backup_nightly_run()
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]
    assert "CHORUS_BACKUP_KEY" in mail.outbox[0].body
    assert list(tmp_path.glob("**/*.chorus-backup")) == []


def test_the_nightly_backup_keeps_the_rotation_and_the_register_beside_it(records, settings, admin):
    folder = settings.CHORUS_BACKUP_DIR
    folder.mkdir()
    now = datetime.datetime.now(datetime.UTC)
    for days in range(1, 60):
        when = now - datetime.timedelta(days=days)
        (folder / when.strftime("chorus-%Y%m%dT%H%M%SZ.chorus-backup")).write_bytes(b"")
    settings.CHORUS_ERASURE_REGISTER.write_text('{"person": 1, "reason": "request"}\n')

    alerts.backup_nightly_run()

    kept = backups_in(folder)
    assert backups_prune(folder) == []  # the nightly run left nothing expired
    days = sorted({made.date() for made in kept.values()}, reverse=True)
    assert days[:7] == [(now - datetime.timedelta(days=n)).date() for n in range(7)]
    assert len(kept) < 7 + 4 + 12
    assert (folder / settings.CHORUS_ERASURE_REGISTER.name).read_text().startswith('{"person": 1')
    assert mail.outbox == []


def test_the_weekly_check_tells_the_admins_when_the_newest_backup_fails(records, settings, admin):
    made = backup_create()
    assert alerts.backup_verify_newest() == f"verified: {made.path.name}"
    assert mail.outbox == []

    with made.path.open("r+b") as handle:
        handle.seek(-3, os.SEEK_END)
        handle.write(b"\x00\x00\x00")
    assert alerts.backup_verify_newest() == f"failed: {made.path.name}"
    assert len(mail.outbox) == 1
    assert made.path.name in mail.outbox[0].subject
    assert "has been changed" in mail.outbox[0].body


def test_unsafe_names_in_a_backup_are_refused():
    for name in ("../etc/passwd", "/abs", "uploads/../../x", "other/file"):
        with pytest.raises(BackupError):
            archive._safe_name(name)
    assert str(archive._safe_name("uploads/imports/a.csv")) == "uploads/imports/a.csv"


def test_the_backup_and_its_check_are_scheduled(records, admin):
    assert backup_verify_weekly.call() == "failed: no backup"
    assert backup_nightly.call().startswith("chorus-")
    assert backup_verify_weekly.call().startswith("verified: chorus-")

    names = " ".join(job.name for job in scheduler.get_jobs())
    assert "backup_nightly" in names
    assert "backup_verify_weekly" in names
