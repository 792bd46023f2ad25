"""Kept import files: deleted after their retention period, listed and erased with the person."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload
from chorus.privacy.erasure import person_erase
from chorus.privacy.kept_files import kept_files_delete_expired, kept_files_naming
from chorus.privacy.models import AuditAction, AuditEntry, ErasureReason
from chorus.privacy.subject_access import subject_access_export
from chorus.privacy.tasks import delete_expired_import_files
from chorus.roundup.models import Subscriber
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)
SUBSCRIBERS_CSV = (
    "email,name,organisation\n"
    "Orla.Thistlewood@Example.org,Orla Thistlewood,Fenwick Trust\n"
    "bram.quennell@example.org,Bram Quennell,\n"
)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _subscriber_import(content: str, *, days_old: int, name: str = "list.csv"):
    upload = ImportUpload.objects.create(
        kind="subscribers",
        file=ContentFile(content.encode(), name=name),
        original_name=name,
        status=ImportUpload.Status.IMPORTED,
    )
    ImportUpload.objects.filter(pk=upload.pk).update(
        uploaded_at=NOW - datetime.timedelta(days=days_old)
    )
    upload.refresh_from_db()
    return upload


def _placement_import(*, days_old: int):
    upload = ImportUpload.objects.create(
        kind="placements",
        file=ContentFile(b"date,outlet,headline\n2025-01-02,Gazette,Floods\n", name="p.csv"),
        original_name="p.csv",
        status=ImportUpload.Status.IMPORTED,
    )
    ImportUpload.objects.filter(pk=upload.pk).update(
        uploaded_at=NOW - datetime.timedelta(days=days_old)
    )
    upload.refresh_from_db()
    return upload


def _stored(upload) -> Path:
    return Path(upload.file.path)


def test_files_older_than_the_period_are_deleted_and_the_import_record_stays(
    django_capture_on_commit_callbacks,
):
    old = _subscriber_import(SUBSCRIBERS_CSV, days_old=91)
    recent = _subscriber_import(SUBSCRIBERS_CSV, days_old=89, name="recent.csv")
    old_placements = _placement_import(days_old=120)
    old_path, placements_path = _stored(old), _stored(old_placements)

    with django_capture_on_commit_callbacks(execute=True):
        assert kept_files_delete_expired() == 2

    assert not old_path.exists() and not placements_path.exists()
    assert _stored(recent).exists()
    old.refresh_from_db()
    assert old.file.name == "" and old.original_name == "list.csv" and old.created_count == 0
    assert ImportUpload.objects.filter(kind="subscribers").count() == 2
    assert ImportUpload.objects.filter(kind="placements").count() == 1
    entry = AuditEntry.objects.get(object_type="lib.importupload", object_id=str(old.pk))
    assert entry.action == AuditAction.DELETE and entry.actor is None
    assert entry.note == "retention: import file kept for 90 days"
    # Running it again deletes nothing more.
    assert kept_files_delete_expired() == 0


def test_the_period_is_a_setting_and_the_task_runs_nightly(settings):
    settings.CHORUS_IMPORT_FILE_RETENTION_DAYS = 30
    upload = _subscriber_import(SUBSCRIBERS_CSV, days_old=31)
    assert delete_expired_import_files.call() == 1
    upload.refresh_from_db()
    assert not upload.file

    from crontask import scheduler

    assert "delete_expired_import_files" in " ".join(job.name for job in scheduler.get_jobs())


def test_subject_access_lists_the_kept_files_that_name_the_person(users, client_for):
    # Found by the subscriber's address, which is not the one on the person's record.
    person = PersonFactory(full_name="Orla Pemberton", email="orla@example.net")
    Subscriber.objects.create(person=person, email="orla.thistlewood@example.org")
    naming = _subscriber_import(SUBSCRIBERS_CSV, days_old=10, name="march-list.csv")
    _subscriber_import("email,name\nsomeone@example.org,Someone\n", days_old=10, name="other.csv")
    _placement_import(days_old=10)

    assert [k.record.pk for k in kept_files_naming(person)] == [naming.pk]
    archive = subject_access_export(actor=users[Role.ADMIN], person=person)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        listed = json.loads(opened.read("kept_files.json"))
        readme = opened.read("README.txt").decode()
    assert [(f["import_kind"], f["id"], f["file"]) for f in listed] == [
        ("subscribers", naming.pk, "march-list.csv")
    ]
    assert "kept_files.json: 1 uploaded import files" in readme
    page = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("privacy:subject_access", args=[person.pk])
    )
    assert "march-list.csv" in page.content.decode()
    assert "other.csv" not in page.content.decode()


def test_a_file_is_found_by_the_persons_name_too():
    person = PersonFactory(full_name="Bram Quennell", email="")
    upload = _subscriber_import(SUBSCRIBERS_CSV, days_old=1)
    assert [k.record.pk for k in kept_files_naming(person)] == [upload.pk]
    assert kept_files_naming(PersonFactory(full_name="Ysolde Marchbank", email="")) == []


def test_erasing_the_person_deletes_the_kept_files_that_name_them(
    users, django_capture_on_commit_callbacks
):
    person = PersonFactory(full_name="Orla Thistlewood", email="")
    naming = _subscriber_import(SUBSCRIBERS_CSV, days_old=3)
    other = _subscriber_import("email\nsomeone@example.org\n", days_old=3, name="other.csv")
    path = _stored(naming)

    with django_capture_on_commit_callbacks(execute=True):
        result = person_erase(actor=users[Role.ADMIN], person=person, reason=ErasureReason.REQUEST)

    assert result.records["kept_files"] == 1
    assert not path.exists()
    naming.refresh_from_db()
    other.refresh_from_db()
    assert not naming.file and other.file
    assert kept_files_naming(person) == []
