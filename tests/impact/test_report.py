from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from chorus.accounts.roles import Role

pytestmark = pytest.mark.django_db
YEAR_2022 = {"date_from": "2022-07-01", "date_to": "2023-06-30"}


def _report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_report_as_json(year_2022):
    data = json.loads(_report("--from", "2022-07-01", "--to", "2023-06-30"))
    # The annual report's document, and every registered indicator under its code.
    assert {"period", "indicators", "sections", "suppression"} <= set(data)
    assert data["period"] == {"from": "2022-07-01", "to": "2023-06-30"}
    indicators = data["indicators"]
    assert list(indicators) == [
        "media.placements",
        "media.days_per_placement",
        "media.lived_experience_share",
        "media.mixed_middle_share",
        "media.placements_by_month",
        "media.placements_by_segment",
        "media.placements_by_format",
        "training.masterclass_participants",
        "training.bespoke_sessions",
        "training.bespoke_participants",
        "training.organisations_trained",
        "training.confidence_rose_share",
        "training.participants_by_region",
        "training.trainees_in_media",
        "events.panel_attendees",
        "events.panel_journalist_share",
        "events.comms_meetings",
        "roundup.subscribers",
        "network.members",
        "research.studies",
        "resources.published",
        "social.human_journeys_stories",
        "social.top_post",
        "social.storytelling_engagement_ratio",
        "podcast.episodes",
        "funders.income_total",
        "funders.grants",
        "funders.funders",
        "voices.ambassadors",
        "voices.steering_group",
        "voices.network_members",
    ]
    for indicator in indicators.values():
        assert {"title", "value", "unit"} <= set(indicator)
    assert indicators["media.placements"] == {
        **indicators["media.placements"],
        "title": "Stories placed",
        "value": 3,
        "unit": "placements",
    }
    assert indicators["media.days_per_placement"]["value"] == 121.7
    assert indicators["media.lived_experience_share"]["value"] == pytest.approx(2 / 3)
    assert indicators["media.lived_experience_share"]["numerator"] == 2
    assert indicators["media.placements_by_month"]["value"][0] == {"month": "2022-07", "value": 1}
    assert indicators["media.placements_by_format"]["value"][0] == {
        "format": "interview",
        "value": 2,
    }


def test_it_gives_nulls_for_a_period_without_placements(db):
    data = json.loads(_report("--from=2030-01-01", "--to=2030-01-31", "--format=json"))
    assert data["indicators"]["media.placements"]["value"] == 0
    assert data["indicators"]["media.lived_experience_share"]["value"] is None


def test_it_prints_a_standalone_html_page(year_2022):
    html = _report("--from", "2022-07-01", "--to", "2023-06-30", "--format", "html")
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    assert "<style>" in html  # a file carries its own CSS
    assert "<title>Impact report 2022/23: Chorus demo charity</title>" in html
    assert 'data-code="media.placements"' in html and "2 of 3" in html
    assert html.count('role="img"') == 2  # the months and the audiences
    assert "/media/placements/" not in html  # links to records mean nothing in a file


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--from is missing"),
        (("--from", "2022-07-01"), "--to is missing"),
        (("--from", "2022-13-01", "--to", "2023-06-30"), "'2022-13-01' is not a date"),
        (("--from", "2023-07-01", "--to", "2023-06-30"), "is after --to"),
    ],
)
def test_it_refuses_missing_or_bad_dates_clearly(db, args, message):
    with pytest.raises(CommandError, match=message):
        _report(*args)


def test_it_refuses_an_unknown_format(db):
    with pytest.raises(CommandError):
        _report("--from", "2022-07-01", "--to", "2023-06-30", "--format", "docx")


def test_it_shows_a_printable_report_page(client_for, year_2022):
    response = client_for(Role.READ_ONLY).get(reverse("impact:report"), YEAR_2022)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Impact report: July 2022 – June 2023" in html
    assert "with 67% (2 of 3) featuring lived-experience voices" in html
    assert html.count('role="img"') == 2
    assert "media.mixed_middle_share" in html  # the definitions, with their codes
    assert "style=" not in html


def test_it_downloads_the_report_as_json_and_html(client_for, year_2022):
    client = client_for(Role.COORDINATOR)
    as_json = client.get(reverse("impact:report"), {**YEAR_2022, "download": "json"})
    assert as_json["Content-Disposition"].startswith("attachment")
    assert json.loads(as_json.content)["indicators"]["media.placements"]["value"] == 3
    as_html = client.get(reverse("impact:report"), {**YEAR_2022, "download": "html"})
    assert as_html.content.decode().lstrip().startswith("<!DOCTYPE html>")


def test_it_keeps_the_report_from_volunteers(client_for):
    assert client_for(Role.VOLUNTEER).get(reverse("impact:report")).status_code == 403
