"""Report content: records apps register for the impact report, e.g. highlighted placements."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.impact import content, services
from chorus.impact.periods import Period
from tests.factories import OutletFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = Period.financial_year(2022)


@pytest.fixture
def reach():
    big = OutletFactory(name="Example National", reach_estimate=2_000_000)
    small = OutletFactory(name="Example Local", reach_estimate=20_000)
    unknown = OutletFactory(name="Example Newsletter", reach_estimate=None)
    return {
        "unknown": PlacementFactory(outlet=unknown, published_on=D(2023, 3, 1), headline="U"),
        "small": PlacementFactory(outlet=small, published_on=D(2023, 3, 3), headline="S"),
        "big_old": PlacementFactory(outlet=big, published_on=D(2022, 8, 1), headline="B1"),
        "big_new": PlacementFactory(
            outlet=big, published_on=D(2023, 1, 5), headline="B2", url="https://example.org/b2"
        ),
        "outside": PlacementFactory(outlet=big, published_on=D(2023, 7, 1), headline="Later"),
    }


def _highlighted(period: Period) -> list[content.Item]:
    for filled in content.collect(period):
        if filled.section.key == "media.highlighted_placements":
            return filled.items
    return []


def test_media_highlights_the_period_s_placements_with_the_widest_reach(reach):
    items = _highlighted(YEAR)
    assert [item.title for item in items] == ["B2", "B1", "S", "U"]
    assert items[0].detail == "Example National, 5 January 2023"
    assert items[0].record_id == reach["big_new"].pk
    assert items[0].link == "https://example.org/b2"


def test_it_highlights_at_most_five(reach):
    for day in range(1, 8):
        PlacementFactory(outlet=reach["big_new"].outlet, published_on=D(2023, 2, day))
    assert len(_highlighted(YEAR)) == 5


def test_a_section_with_nothing_in_the_period_is_left_out(reach):
    assert _highlighted(Period(D(2030, 1, 1), D(2030, 1, 31))) == []


def test_it_refuses_a_key_twice_or_without_an_area(monkeypatch):
    monkeypatch.setattr(content, "_SECTIONS", dict(content._SECTIONS))
    with pytest.raises(ValueError, match="registered twice"):
        content.register(
            key="media.highlighted_placements", title="Again", description="", items=lambda p: []
        )
    with pytest.raises(ValueError, match="<area>.<name>"):
        content.register(key="quotes", title="Quotes", description="", items=lambda p: [])


def test_the_printable_report_and_the_file_show_the_highlights(client_for, reach):
    html = (
        client_for(Role.READ_ONLY)
        .get(reverse("impact:report"), {"date_from": "2022-07-01", "date_to": "2023-06-30"})
        .content.decode()
    )
    assert "Highlighted stories" in html
    assert '<a href="https://example.org/b2">B2</a>, Example National, 5 January 2023' in html
    assert "Later" not in html

    # The annual report shows the highlights staff chose for it, linked to the story.
    admin = UserFactory(username="highlights-admin", role=Role.ADMIN)
    draft = services.annual_report_create(actor=admin, period=YEAR)
    services.annual_highlights_set(
        actor=admin,
        report=draft,
        content_key="media.highlighted_placements",
        record_ids=[reach["big_new"].pk],
    )
    out = StringIO()
    call_command("report", "--from=2022-07-01", "--to=2023-06-30", "--format=html", stdout=out)
    assert '<a href="https://example.org/b2">B2</a>' in out.getvalue()
    assert ">B1</" not in out.getvalue()
    assert "/media/placements/" not in out.getvalue()


def test_the_dashboard_and_the_json_keep_to_the_figures(client_for, reach):
    client = client_for(Role.COORDINATOR)
    dashboard = client.get(
        reverse("impact:dashboard"), {"date_from": "2022-07-01", "date_to": "2023-06-30"}
    )
    assert "Highlighted stories" not in dashboard.content.decode()
    as_json = client.get(
        reverse("impact:report"),
        {"date_from": "2022-07-01", "date_to": "2023-06-30", "download": "json"},
    )
    assert "B2" not in as_json.content.decode()
