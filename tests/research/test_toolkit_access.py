"""Drafts stay internal, published versions are public, and downloads are counted anonymously."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.research import services
from chorus.research.models import Toolkit, ToolkitVersion

pytestmark = pytest.mark.django_db
FIRST = b"%PDF-1.7\n% first edition\n%%EOF\n"
DRAFT = b"%PDF-1.7\n% a draft not yet agreed\n%%EOF\n"


@pytest.fixture
def toolkit(users) -> Toolkit:
    actor = users[Role.DIGITAL_OFFICER]
    toolkit = services.toolkit_create(actor=actor, title="Safe routes", slug="safe-routes")
    first = services.toolkit_version_upload(
        actor=actor, toolkit=toolkit, name="kit.pdf", content=io.BytesIO(FIRST)
    )
    services.toolkit_version_publish(
        actor=actor, version=first, published_on=datetime.date(2023, 3, 20)
    )
    services.toolkit_version_upload(
        actor=actor, toolkit=toolkit, name="kit-v2.pdf", content=io.BytesIO(DRAFT)
    )
    return toolkit


def _staff(users, role: Role) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def test_a_newer_draft_stays_internal_and_the_public_gets_the_published_version(toolkit):
    public = Client()
    page = public.get("/research/published/safe-routes/").content.decode()
    assert "version 1" in page and "version 2" not in page
    download = public.get("/research/published/safe-routes/download/")
    assert b"".join(download.streaming_content) == FIRST
    assert download["Cache-Control"] == "private, no-store"


def test_staff_read_the_draft_without_counting_a_download(users, toolkit):
    draft = toolkit.versions.get(number=2)
    response = _staff(users, Role.READ_ONLY).get(
        reverse("research:version_download", args=[draft.pk])
    )
    assert b"".join(response.streaming_content) == DRAFT
    assert list(toolkit.versions.values_list("number", "downloads")) == [(2, 0), (1, 0)]


def test_a_visitor_cannot_reach_a_draft_through_the_staff_address(toolkit):
    draft = toolkit.versions.get(number=2)
    response = Client().get(reverse("research:version_download", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_only_those_who_shape_messages_publish(users, toolkit):
    draft = toolkit.versions.get(number=2)
    url = reverse("research:version_publish", args=[draft.pk])
    for role in (Role.VOLUNTEER, Role.COORDINATOR, Role.READ_ONLY, Role.SAFEGUARDING_LEAD):
        assert _staff(users, role).post(url, {"published_on": "2024-01-01"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ToolkitVersion.Status.DRAFT
    assert _staff(users, Role.ADMIN).post(url, {"published_on": "2024-01-01"}).status_code == 302
    page = Client().get("/research/published/safe-routes/").content.decode()
    assert "version 2" in page


def test_a_published_version_cannot_be_deleted(users, toolkit):
    published = toolkit.versions.get(number=1)
    client = _staff(users, Role.DIGITAL_OFFICER)
    client.post(reverse("research:version_delete", args=[published.pk]))
    assert toolkit.versions.filter(pk=published.pk).exists()


def test_each_download_adds_one_and_stores_nothing_about_who(users, toolkit):
    entries = AuditEntry.objects.count()
    for address in ("203.0.113.7", "198.51.100.4", "203.0.113.7"):
        response = Client(REMOTE_ADDR=address).get("/research/published/safe-routes/download/")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    version = toolkit.versions.get(number=1)
    assert version.downloads == 3
    assert AuditEntry.objects.count() == entries
    # The version's row holds the counter and nothing that could say who downloaded.
    stored = {f.name: getattr(version, f.attname) for f in ToolkitVersion._meta.concrete_fields}
    assert not any("203.0.113.7" in str(value) for value in stored.values())
    staff_page = _staff(users, Role.COORDINATOR).get(
        reverse("research:toolkit_detail", args=[toolkit.pk])
    )
    assert "3 downloads" in staff_page.content.decode()
