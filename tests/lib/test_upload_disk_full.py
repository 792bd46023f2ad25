"""The disk fills up while an upload is being saved: the person uploading is told, in
words, that nothing was kept, and nothing is left in the uploads folder.

The disk is made to fill for real: the test process may write files no bigger than
LIMIT bytes (RLIMIT_FSIZE) while the request runs, so the upload's write fails in the
middle, with part of the file already on disk, as it would on a full disk. (Python
ignores the SIGXFSZ signal, so the write fails with EFBIG instead of ending the process;
a full disk gives ENOSPC, which the same code reads the same way.) Through a real web
server on PostgreSQL as well: tests/test_cluster.py.
"""

from __future__ import annotations

import errno
import os
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload
from chorus.lib.storage import FileNotSaved
from chorus.privacy.models import AuditEntry
from chorus.research import services as research
from chorus.research.models import ToolkitVersion

pytestmark = pytest.mark.django_db

LIMIT = 64 * 1024
NO_ROOM = "The server has no room left to keep this file, so nothing was saved."


@contextmanager
def disk_full_after(limit: int) -> Iterator[None]:
    """Every file this process writes stops growing at `limit` bytes, until the end."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def subscriber_list(rows: int) -> bytes:
    lines = ["email,name,consent basis,consented on"]
    lines += [f"reader{n}@example.org,Reader {n},Sign-up form,2024-01-02" for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_an_import_upload_on_a_full_disk_says_so_and_keeps_nothing(client_for, settings):
    client = client_for(Role.COORDINATOR)
    data = subscriber_list(4000)
    assert len(data) > 2 * LIMIT
    audit_rows = AuditEntry.objects.count()

    with disk_full_after(LIMIT):
        page = client.post(
            reverse("roundup:subscriber_import"),
            {"file": SimpleUploadedFile("subscribers.csv", data, "text/csv")},
        )

    assert page.status_code == 200
    text = page.content.decode()
    assert NO_ROOM in text
    assert "Please tell whoever looks after Chorus" in text
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ImportUpload.objects.exists()
    assert AuditEntry.objects.count() == audit_rows

    # With room again, the same file is kept whole.
    kept = client.post(
        reverse("roundup:subscriber_import"),
        {"file": SimpleUploadedFile("subscribers.csv", data, "text/csv")},
    )
    assert kept.status_code == 302
    [stored] = files_in(Path(settings.MEDIA_ROOT))
    assert stored.read_bytes() == data
    assert ImportUpload.objects.get().file.path == str(stored)


def test_a_toolkit_document_on_a_full_disk_says_so_and_keeps_nothing(client_for, settings):
    client = client_for(Role.DIGITAL_OFFICER)
    toolkit = research.toolkit_create(actor=None, title="Safe routes", slug="safe-routes")
    document = b"%PDF-1.7\n" + b"%" + b"x" * (3 * LIMIT) + b"\n%%EOF\n"

    with disk_full_after(LIMIT):
        page = client.post(
            reverse("research:toolkit_version_upload", args=[toolkit.pk]),
            {"document": SimpleUploadedFile("toolkit.pdf", document, "application/pdf")},
        )

    assert page.status_code == 200
    assert NO_ROOM in page.content.decode()
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ToolkitVersion.objects.exists()


def test_a_record_that_cannot_be_saved_takes_its_file_with_it(client_for, settings, monkeypatch):
    """The other way round: the file is written, then the database refuses the record.
    No kept file may be without its record: retention finds kept files by their records."""
    from chorus.lib.imports import services

    def audit_fails(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit", audit_fails)
    with pytest.raises(RuntimeError):
        services.import_upload_create(
            actor=None, kind="subscribers", name="list.csv", data=subscriber_list(3)
        )
    assert files_in(Path(settings.MEDIA_ROOT)) == []
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (errno.ENOSPC, NO_ROOM),
        (errno.EDQUOT, NO_ROOM),
        (errno.EFBIG, NO_ROOM),
        (errno.EACCES, "The server could not keep this file (permission denied)"),
    ],
)
def test_each_failure_to_write_is_told_in_words(error, words):
    assert str(FileNotSaved(OSError(error, os.strerror(error)))).startswith(words)


def test_what_a_killed_upload_left_is_deleted_the_next_night(settings):
    from chorus.privacy.tasks import delete_unfinished_uploads

    folder = Path(settings.MEDIA_ROOT) / "imports" / "subscribers" / "2026" / "11"
    folder.mkdir(parents=True)
    old, writing = folder / ".partial-k1ll3d", folder / ".partial-wr1t1ng"
    kept = folder / "subscribers.csv"
    for path in (old, writing, kept):
        path.write_text("reader@example.org\n", encoding="utf-8")
    a_day_ago = time.time() - 25 * 60 * 60
    os.utime(old, (a_day_ago, a_day_ago))
    os.utime(kept, (a_day_ago, a_day_ago))

    assert delete_unfinished_uploads.call() == 1
    assert files_in(Path(settings.MEDIA_ROOT)) == sorted([kept, writing])
    from crontask import scheduler

    assert "delete_unfinished_uploads" in {job.name for job in scheduler.get_jobs()}
