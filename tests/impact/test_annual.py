"""The annual report: sections from registered indicators, drafts, publishing, corrections."""

from __future__ import annotations

import datetime
import io
import json
from io import StringIO

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.impact import annual, annual_render, services
from chorus.impact.models import AnnualReport, PublishedReport
from chorus.impact.periods import Period
from chorus.media.models import Placement
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))


@pytest.fixture
def admin():
    return UserFactory(
        username="report-admin", role=Role.ADMIN, first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def draft(admin, year_2022):
    return services.annual_report_create(actor=admin, period=YEAR)


def _figures(document: dict) -> dict[str, dict]:
    return annual.figures_of(document)


def _section(document: dict, key: str) -> dict:
    return next(s for s in document["sections"] if s["key"] == key)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_it_lays_out_the_sections_of_the_seed_report_in_its_order(year_2022):
    document = annual.build_document(YEAR)
    assert [s["title"] for s in document["sections"]] == [
        "Welcome",
        "Media work",
        "Training",
        "The communications network",
        "Lived experience",
        "Narrative projects",
        "Human Journeys and the podcast",
        "Objectives for the future",
        "Funders",
        "Income",
    ]
    assert _figures(document)["media.placements"]["value"] == 3


def test_it_says_not_recorded_for_indicators_no_app_registers(year_2022, monkeypatch):
    # A section naming a figure no app registers (as funders did before its app).
    sections = tuple(
        annual.SectionSpec(
            "funders", "Funders", codes=(("grants.nowhere", "grants"), ("funders.gone", "funders"))
        )
        if spec.key == "funders"
        else annual.SectionSpec(spec.key, spec.title, spec.codes + (("podcast.unknown", "x"),))
        if spec.key == "human_journeys"
        else spec
        for spec in annual.SECTIONS
    )
    monkeypatch.setattr(annual, "SECTIONS", sections)
    document = annual.build_document(YEAR)
    section = _section(document, "funders")
    assert section["figures"] == [] and section["recorded"] is False
    assert {m["code"] for m in section["missing"]} == {"grants.nowhere", "funders.gone"}
    journeys = _section(document, "human_journeys")
    assert {m["code"] for m in journeys["missing"]} == {"podcast.unknown"}
    html = annual_render.as_html(document)
    assert "Funders: not recorded in Chorus." in html
    assert "Not recorded in Chorus: x." in html


def test_every_figure_links_to_its_records_and_compares_with_the_year_before(year_2022, outlets):
    PlacementFactory(published_on=datetime.date(2022, 3, 1), outlet=outlets["mixed"])
    document = annual.build_document(YEAR)
    placements = _figures(document)["media.placements"]
    assert placements["records_url"].startswith("/media/placements/?from=2022-07-01")
    # Two placements in 2021/22 (one from the fixture, one here): 3 now is one more.
    assert placements["previous"] == {
        "period": "2021/22",
        "value": 2,
        "display": "2",
        "change": "+1",
    }
    for figure in _figures(document).values():
        assert figure["records_url"], figure["code"]
        if figure["kind"] != "breakdown":
            assert figure["previous"] is not None, figure["code"]


def test_a_draft_shows_staff_the_true_numbers_with_links(client_for, draft):
    response = client_for(Role.ADMIN).get(reverse("impact:annual_detail", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/media/placements/?from=2022-07-01&amp;to=2023-06-30"' in html
    assert "Publish…" in html


def test_only_those_who_publish_see_drafts(client_for, draft):
    for role in (Role.READ_ONLY, Role.MEDIA_OFFICER, Role.COORDINATOR):
        client = client_for(role)
        assert client.get(reverse("impact:annual_detail", args=[draft.pk])).status_code == 403
        assert client.get(reverse("impact:annual_publish", args=[draft.pk])).status_code == 403
        listing = client.get(reverse("impact:annual_list")).content.decode()
        assert "Drafts" not in listing


def test_the_words_of_a_report_are_edited_for_each_report(client_for, draft):
    client = client_for(Role.ADMIN)
    response = client.post(
        reverse("impact:annual_edit", args=[draft.pk]),
        {
            "title": "Impact report 2022/23",
            "welcome": "Welcome to a year of stories.",
            "objectives": "Grow the storytellers network.",
            "intro_media": "Our media work in numbers.",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.introductions == {"media": "Our media work in numbers."}
    document = annual.build_document(YEAR, draft)
    assert _section(document, "welcome")["text"] == "Welcome to a year of stories."
    assert _section(document, "objectives")["text"] == "Grow the storytellers network."
    assert _section(document, "media")["intro"] == "Our media work in numbers."
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="impact.annualreport")


def test_staff_choose_the_highlighted_placements(client_for, draft, year_2022):
    inside, _ = year_2022
    assert _section(annual.build_document(YEAR, draft), "media")["items"] == []
    client = client_for(Role.ADMIN)
    page = client.get(reverse("impact:annual_highlights", args=[draft.pk])).content.decode()
    assert inside[0].headline in page and inside[1].headline in page
    client.post(
        reverse("impact:annual_highlights", args=[draft.pk]),
        {"media.highlighted_placements": [str(inside[1].pk)]},
    )
    items = _section(annual.build_document(YEAR, draft), "media")["items"]
    assert [item["record_id"] for item in items] == [inside[1].pk]


def test_publishing_freezes_the_figures_and_the_pdf(admin, draft, year_2022):
    inside, _ = year_2022
    services.annual_highlights_set(
        actor=admin,
        report=draft,
        content_key="media.highlighted_placements",
        record_ids=[inside[0].pk],
    )
    first = services.annual_report_publish(actor=admin, report=draft)
    snapshot, pdf = json.dumps(first.snapshot, sort_keys=True), bytes(first.pdf)
    placements = _figures(first.snapshot)["media.placements"]
    assert placements["value"] == 3 and placements["definition_version"] == 1
    assert placements["records_hash"] == annual.records_hash([p.pk for p in inside])
    assert first.snapshot["period"] == {"from": "2022-07-01", "to": "2023-06-30"}
    assert first.snapshot["suppression"]["applied"] is True
    assert first.snapshot["suppression"]["version"] == 1
    assert first.snapshot["published"]["by"] == "Ada Admin"
    assert "177" not in _pdf_text(pdf) and "Media work" in _pdf_text(pdf)

    # After publishing: a placement moves out of the year, another is highlighted instead.
    Placement.objects.filter(pk=inside[0].pk).update(published_on=datetime.date(2021, 1, 1))
    services.annual_highlights_set(
        actor=admin,
        report=draft,
        content_key="media.highlighted_placements",
        record_ids=[inside[1].pk],
    )

    first.refresh_from_db()
    assert json.dumps(first.snapshot, sort_keys=True) == snapshot
    assert bytes(first.pdf) == pdf
    assert [i["record_id"] for i in _section(first.snapshot, "media")["items"]] == [inside[0].pk]
    following = annual.build_document(YEAR, draft)
    assert _figures(following)["media.placements"]["value"] == 2
    assert [i["record_id"] for i in _section(following, "media")["items"]] == [inside[1].pk]


def test_a_correction_is_a_new_version_with_a_note(admin, draft, year_2022, client_for):
    first = services.annual_report_publish(actor=admin, report=draft)
    with pytest.raises(ValidationError, match="Say what changed"):
        services.annual_report_publish(actor=admin, report=draft)
    inside, _ = year_2022
    Placement.objects.filter(pk=inside[2].pk).update(published_on=datetime.date(2023, 7, 2))
    second = services.annual_report_publish(
        actor=admin, report=draft, note="One story was published in July 2023, not June."
    )
    assert (first.version, second.version) == (1, 2)
    assert _figures(first.snapshot)["media.placements"]["value"] == 3
    assert _figures(second.snapshot)["media.placements"]["value"] == 2
    readonly = client_for(Role.READ_ONLY)
    for version, shown in ((first, "3"), (second, "2")):
        page = readonly.get(reverse("impact:published_detail", args=[version.pk]))
        assert page.status_code == 200
        assert f'title="The records behind this figure">{shown}</a>' in page.content.decode()
    assert (
        "One story was published in July 2023"
        in readonly.get(reverse("impact:published_detail", args=[second.pk])).content.decode()
    )
    download = readonly.get(
        reverse("impact:published_detail", args=[first.pk]), {"download": "pdf"}
    )
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(first.pdf)


def test_everyone_sees_the_published_reports(admin, draft, client_for):
    published = services.annual_report_publish(actor=admin, report=draft)
    for role in Role:
        client = client_for(role)
        listing = client.get(reverse("impact:annual_list"))
        assert listing.status_code == 200
        assert reverse("impact:published_detail", args=[published.pk]) in listing.content.decode()


def test_publishing_through_the_page(client_for, draft):
    client = client_for(Role.ADMIN)
    response = client.post(reverse("impact:annual_publish", args=[draft.pk]), {"note": ""})
    published = PublishedReport.objects.get(report=draft)
    assert response["Location"] == reverse("impact:published_detail", args=[published.pk])
    again = client.post(reverse("impact:annual_publish", args=[draft.pk]), {"note": ""})
    assert again.status_code == 200 and "Say what changed since version 1" in again.content.decode()


def test_a_draft_is_opened_for_a_period_once(client_for):
    client = client_for(Role.ADMIN)
    for _ in range(2):
        client.post(
            reverse("impact:annual_create"), {"date_from": "2022-07-01", "date_to": "2023-06-30"}
        )
    assert AnnualReport.objects.count() == 1


def _cli(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_csv_writes_a_pdf_and_prints_published_versions(admin, draft, tmp_path):
    rows = _cli("--from", "2022-07-01", "--to", "2023-06-30", "--format", "csv").splitlines()
    assert rows[0].startswith("section,code,title,group,value")
    assert any(row.startswith("Media work,media.placements,Stories placed,,3,") for row in rows)
    assert any(row.startswith("Funders,funders.grants,Grants,,0,") for row in rows)
    target = tmp_path / "report.pdf"
    _cli("--from", "2022-07-01", "--to", "2023-06-30", "--format", "pdf", "--output", str(target))
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) >= 10
    assert "Contents" in reader.pages[1].extract_text()
    with pytest.raises(CommandError, match="--output"):
        _cli("--from", "2022-07-01", "--to", "2023-06-30", "--format", "pdf")

    published = services.annual_report_publish(actor=admin, report=draft)
    Placement.objects.all().delete()
    printed = json.loads(_cli("--published", str(published.pk)))
    assert _figures(printed)["media.placements"]["value"] == 3
    stored = tmp_path / "published.pdf"
    _cli("--published", str(published.pk), "--format", "pdf", "--output", str(stored))
    assert stored.read_bytes() == bytes(published.pdf)
    with pytest.raises(CommandError, match="No published report"):
        _cli("--published", "999999")


def test_the_pdf_has_a_contents_list_page_numbers_charts_with_alt_text_and_the_charity(
    year_2022, settings
):
    settings.CHORUS_CHARITY_NAME = "Example Migration Voices"
    document = annual.build_document(YEAR)
    html = annual_render.as_html(document, for_pdf=True)
    assert html.count("<svg") == 2 and html.count("<desc") == 2
    assert 'alt="Example Migration Voices logo"' in html
    text = _pdf_text(annual_render.as_pdf(document))
    assert "Example Migration Voices" in text
    assert "Contents" in text and "Page 3 of" in text
    assert "Bar chart of stories placed each month" in text
