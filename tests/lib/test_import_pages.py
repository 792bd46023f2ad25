"""The import pages every kind shares: match columns, cancel, the kept original, old links."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportMapping, ImportUpload
from chorus.media.models import Placement
from chorus.privacy.models import AuditEntry
from chorus.roundup.models import Subscriber

pytestmark = pytest.mark.django_db

PLACEMENTS = reverse("media:placement_import")
SUBSCRIBERS = reverse("roundup:subscriber_import")
# An export whose headings are not Chorus's own.
OTHER_HEADINGS = (
    b"Published,Outlet,Title,Link,Format,LE voice,Notes\r\n"
    b"2023-06-19,Metro,One,https://m.example/1,Interview,yes,call back\r\n"
)


def _upload(client, url: str, data: bytes, name: str = "file.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_staff_match_other_headings_and_chorus_offers_the_match_next_time(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    response = _upload(client, PLACEMENTS, OTHER_HEADINGS)
    upload = ImportUpload.objects.get()
    assert upload.status == ImportUpload.Status.INVALID
    page = client.get(response["Location"]).content.decode()
    assert "Unknown columns: ‘Published’, ‘Title’, ‘LE voice’, ‘Notes’." in page
    assert "Match the columns" in page

    client.post(
        reverse("media:placement_import_map", args=[upload.pk]),
        {
            "heading": ["Published", "Outlet", "Title", "Link", "Format", "LE voice", "Notes"],
            "field": ["date", "outlet", "headline", "url", "format", "lived experience", ""],
        },
    )
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.READY
    assert "Import 1 placement" in client.get(response["Location"]).content.decode()
    assert set(ImportMapping.objects.values_list("kind", "heading", "field")) == {
        ("placements", "published", "date"),
        ("placements", "title", "headline"),
        ("placements", "le voice", "lived experience"),
        ("placements", "notes", ""),
    }

    # The next export with the same headings is read straight away.
    _upload(client, PLACEMENTS, OTHER_HEADINGS.replace(b"/1,", b"/2,"), "next.csv")
    assert ImportUpload.objects.get(original_name="next.csv").status == "ready"
    # …and the match offered on the page is the saved one.
    page = client.get(reverse("media:placement_import_detail", args=[upload.pk])).content.decode()
    assert '<option value="headline" selected>' in page


def test_a_cancelled_import_cannot_be_confirmed(client_for):
    client = client_for(Role.COORDINATOR)
    _upload(
        client,
        SUBSCRIBERS,
        b"email,consent basis,consented on\r\na@example.org,Form,2022-01-02\r\n",
    )
    upload = ImportUpload.objects.get()
    cancelled = client.post(reverse("roundup:subscriber_import_cancel", args=[upload.pk]))
    assert cancelled["Location"] == SUBSCRIBERS
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.CANCELLED
    page = client.get(reverse("roundup:subscriber_import_detail", args=[upload.pk]))
    assert "This import was cancelled." in page.content.decode()
    again = client.post(reverse("roundup:subscriber_import_confirm", args=[upload.pk]), follow=True)
    assert "This import was cancelled." in again.content.decode()
    assert not Subscriber.objects.exists()
    assert upload.file  # the original stays for its retention period


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MEDIA_OFFICER, 200),
        (Role.ADMIN, 200),
        (Role.COORDINATOR, 403),
        (Role.DIGITAL_OFFICER, 403),
        (Role.VOLUNTEER, 403),
        (Role.READ_ONLY, 403),
    ],
)
def test_the_original_file_is_downloadable_only_by_who_may_import_it(client_for, role, status):
    data = (
        b"date,outlet,headline,url,format,lived experience\r\n2023-06-19,Metro,One,,feature,no\r\n"
    )
    _upload(client_for(Role.MEDIA_OFFICER), PLACEMENTS, data, "coverage.csv")
    upload = ImportUpload.objects.get()
    response = client_for(role).get(reverse("media:placement_import_file", args=[upload.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == data
        assert 'attachment; filename="coverage.csv"' in response["Content-Disposition"]
        assert AuditEntry.objects.filter(action="export", object_id=str(upload.pk)).exists()


def test_a_file_of_one_kind_is_not_reached_through_another_kinds_pages(client_for):
    data = b"email,consent basis,consented on\r\na@example.org,Form,2022-01-02\r\n"
    _upload(client_for(Role.COORDINATOR), SUBSCRIBERS, data)
    upload = ImportUpload.objects.get()
    admin = client_for(Role.ADMIN)
    for name in ("media:placement_import_file", "media:placement_import_detail"):
        assert admin.get(reverse(name, args=[upload.pk])).status_code == 404
    assert (
        admin.post(reverse("media:placement_import_confirm", args=[upload.pk])).status_code == 404
    )
    assert not Placement.objects.exists()


def test_a_link_from_before_the_move_opens_the_same_import(client_for):
    upload = ImportUpload(
        kind="placements", original_name="old.csv", status="invalid", legacy_id=987
    )
    upload.file.save("old.csv", ContentFile(b"date\n"), save=False)
    upload.save()
    response = client_for(Role.MEDIA_OFFICER).get("/media/placements/import/987/")
    assert response.status_code == 302
    assert response["Location"] == reverse("media:placement_import_detail", args=[upload.pk])
