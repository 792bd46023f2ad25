"""Studies, results, findings, quotes and toolkits, as staff and the public see them."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.research import services
from chorus.research.models import Quote, Study, ToolkitVersion
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.7\n%test\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _client(users, role: Role) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


@pytest.fixture
def study(users) -> Study:
    return services.study_create(
        actor=users[Role.DIGITAL_OFFICER],
        title="Safe routes focus groups",
        method="focus_group",
        started_on=D(2022, 10, 1),
        places="Somewhere North, Somewhere South",
        sample_size=16,
        segment_scheme="Example segments",
        segment_scheme_version="2",
    )


def test_a_result_is_shown_with_its_interval_and_n(users, study):
    services.result_create(
        actor=users[Role.DIGITAL_OFFICER],
        study=study,
        outcome="Support for safe routes",
        segment="Mixed middle",
        effect=Decimal("7.5"),
        interval_low=Decimal("1.2"),
        interval_high=Decimal("13.8"),
        n=412,
    )
    page = _client(users, Role.READ_ONLY).get(reverse("research:study_detail", args=[study.pk]))
    text = page.content.decode()
    assert "Support for safe routes" in text
    assert "1.20 to 13.80" in text and "412" in text
    assert "Example segments, version 2" in text


def test_an_interval_that_misses_the_effect_is_refused_and_nothing_is_kept(users, study):
    client = _client(users, Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("research:study_result_add", args=[study.pk]),
        {"outcome": "Support", "effect": "9", "interval_low": "1", "interval_high": "5", "n": "40"},
    )
    assert response.status_code == 200
    assert "The interval must contain the effect" in response.content.decode()
    assert study.results.count() == 0


def test_the_study_list_searches_and_says_when_nothing_matches(users, study):
    client = _client(users, Role.COORDINATOR)
    assert "Safe routes focus groups" in client.get("/research/?q=north").content.decode()
    empty = client.get("/research/?q=zzz").content.decode()
    assert "No study matches these filters" in empty


def test_a_quote_needs_consent_and_is_stored_encrypted_and_its_reading_audited(users, study):
    with pytest.raises(ValidationError):
        services.quote_create(
            actor=users[Role.DIGITAL_OFFICER],
            study=study,
            text="Words said without agreement",
            context="a participant",
            consent_given=False,
        )
    assert Quote.objects.count() == 0
    quote = services.quote_create(
        actor=users[Role.DIGITAL_OFFICER],
        study=study,
        text="I had never heard of safe routes.",
        context="a participant in a focus group",
        consent_given=True,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM research_quote WHERE id = %s", [quote.pk])
        stored = cursor.fetchone()[0]
    assert "safe routes" not in stored
    page = _client(users, Role.MEDIA_OFFICER).get(reverse("research:study_quotes", args=[study.pk]))
    assert "I had never heard of safe routes." in page.content.decode()
    read = AuditEntry.objects.filter(action="view", object_type="research.quote").get()
    assert read.shown == [str(quote.pk)]
    assert (
        _client(users, Role.COORDINATOR)
        .get(reverse("research:study_quotes", args=[study.pk]))
        .status_code
        == 403
    )


def test_a_finding_links_to_its_evidence(users, study):
    result = services.result_create(
        actor=users[Role.DIGITAL_OFFICER],
        study=study,
        outcome="Support",
        effect=Decimal("4"),
        interval_low=Decimal("-1"),
        interval_high=Decimal("9"),
        n=30,
    )
    client = _client(users, Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("research:finding_create"),
        {
            "title": "Order lands",
            "statement": "Fairness framing helps.",
            "review_by": "2024-01-01",
            "evidence": [result.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Safe routes focus groups" in page and "n = 30" in page and "(overdue)" in page


def test_a_toolkit_accepts_pdf_and_docx_by_content_and_refuses_a_disguised_file(users):
    actor = users[Role.DIGITAL_OFFICER]
    toolkit = services.toolkit_create(actor=actor, title="Safe routes", slug="safe-routes")
    client = _client(users, Role.DIGITAL_OFFICER)
    url = reverse("research:toolkit_version_upload", args=[toolkit.pk])
    fake = SimpleUploadedFile("toolkit.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(url, {"document": fake})
    assert response.status_code == 200
    assert "not a PDF or Word document" in response.content.decode()
    swapped = SimpleUploadedFile("toolkit.pdf", _docx(), "application/pdf")
    assert "holds a Word (DOCX) file" in client.post(url, {"document": swapped}).content.decode()
    assert ToolkitVersion.objects.count() == 0
    assert client.post(url, {"document": SimpleUploadedFile("t.pdf", PDF)}).status_code == 302
    assert client.post(url, {"document": SimpleUploadedFile("t.docx", _docx())}).status_code == 302
    assert list(toolkit.versions.values_list("number", "document_type")) == [
        (2, "docx"),
        (1, "pdf"),
    ]


def test_drafts_stay_internal_and_published_downloads_are_counted_anonymously(users):
    actor = users[Role.DIGITAL_OFFICER]
    toolkit = services.toolkit_create(actor=actor, title="Safe routes", slug="safe-routes")
    version = services.toolkit_version_upload(
        actor=actor, toolkit=toolkit, name="kit.pdf", content=io.BytesIO(PDF)
    )
    public = Client()
    assert public.get("/research/published/safe-routes/").status_code == 404
    assert public.get("/research/published/safe-routes/download/").status_code == 404
    staff = _client(users, Role.VOLUNTEER)
    draft = staff.get(reverse("research:version_download", args=[version.pk]))
    assert draft.status_code == 200 and b"".join(draft.streaming_content) == PDF
    services.toolkit_version_publish(actor=actor, version=version, published_on=D(2023, 3, 1))
    page = public.get("/research/published/safe-routes/")
    assert page.status_code == 200 and "Download the toolkit" in page.content.decode()
    entries_before = AuditEntry.objects.count()
    download = public.get("/research/published/safe-routes/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    version.refresh_from_db()
    assert version.downloads == 1
    assert AuditEntry.objects.count() == entries_before


def test_a_message_line_links_its_finding_and_the_coverage_that_used_it(users):
    actor = users[Role.MEDIA_OFFICER]
    toolkit = services.toolkit_create(actor=actor, title="Safe routes", slug="safe-routes")
    finding = services.finding_create(
        actor=actor, title="Order lands", statement="x", review_by=D(2030, 1, 1)
    )
    placement = PlacementFactory()
    client = _client(users, Role.MEDIA_OFFICER)
    url = reverse("research:toolkit_line_add", args=[toolkit.pk])
    bad = client.post(url, {"text": "Fair and orderly.", "placements": "999999"})
    assert "No placement numbered 999999" in bad.content.decode()
    response = client.post(
        url, {"text": "Fair and orderly.", "finding": finding.pk, "placements": str(placement.pk)}
    )
    assert response.status_code == 302
    line = toolkit.lines.get()
    assert list(line.placements.all()) == [placement] and line.finding == finding
    page = client.get(reverse("research:toolkit_detail", args=[toolkit.pk])).content.decode()
    assert "Order lands" in page and str(placement.outlet) in page
