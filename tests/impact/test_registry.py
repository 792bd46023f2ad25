"""impact reads indicators only through its registry, and imports no domain app but voices."""

from __future__ import annotations

import ast
import datetime
import json
from pathlib import Path

import pytest
from django.db.models import Q
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.impact import indicators
from chorus.impact.indicators import (
    Indicator,
    Period,
    Result,
    all_areas,
    all_indicators,
    compute_all,
    get_indicator,
)
from chorus.media import selectors as media_selectors
from chorus.media.models import Placement

D = datetime.date
YEAR = Period.financial_year(2022)
IMPACT = Path(indicators.__file__).resolve().parent
# Apps impact may import: itself, the shared helpers, access control, and voices (the judges).
# The base (lib, accounts, privacy: the annual report's writes are audited) and voices.
ALLOWED = {"impact", "lib", "accounts", "privacy", "voices"}


def _chorus_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name == "chorus" or name.startswith("chorus.")}
    return found


def test_impact_imports_no_domain_app_except_voices():
    modules = sorted(IMPACT.rglob("*.py"))
    assert len(modules) > 5  # the walk found the package
    wrong = {}
    for path in modules:
        apps = {name.split(".")[1] for name in _chorus_imports(path) if "." in name}
        # `from chorus import media` names the app as an imported name.
        if bad := apps - ALLOWED:
            wrong[str(path.relative_to(IMPACT))] = sorted(bad)
    assert wrong == {}


def test_every_indicator_has_a_definition_a_version_and_says_whether_it_counts_people():
    areas = {area.code for area in all_areas()}
    assert "media" in areas
    assert all_indicators()
    for ind in all_indicators():
        assert ind.definition.strip(), ind.code
        assert type(ind.version) is int and ind.version >= 1, ind.code
        assert type(ind.counts_people) is bool, ind.code
        assert ind.area in areas, ind.code


def test_media_figures_count_stories_not_people():
    assert not any(ind.counts_people for ind in all_indicators() if ind.area == "media")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"code": "placements"}, "must be '<area>.<name>'"),
        ({"code": "nowhere.placements"}, "register the area 'nowhere' first"),
        ({"definition": "  "}, "needs a definition"),
        ({"version": 0}, "whole number from 1"),
        ({"counts_people": None}, "whether its values count people"),
    ],
)
def test_it_refuses_an_indicator_without_what_a_report_needs(monkeypatch, options, message):
    monkeypatch.setattr(indicators, "_REGISTRY", dict(indicators._REGISTRY))
    spec = {
        "code": "media.example",
        "title": "Example",
        "definition": "Something counted.",
        "version": 1,
        "counts_people": False,
        "unit": "things",
        "kind": "count",
        **options,
    }
    with pytest.raises(ValueError, match=message):
        indicators.indicator(**spec)


@pytest.fixture
def outreach_lab(monkeypatch):
    """A new area registered from outside impact, as training/indicators.py does."""
    monkeypatch.setattr(indicators, "_AREAS", dict(indicators._AREAS))
    monkeypatch.setattr(indicators, "_REGISTRY", dict(indicators._REGISTRY))
    indicators.register_area(
        code="outreach_lab", title="Outreach lab", first_record_on=lambda: D(2019, 9, 1)
    )

    @indicators.indicator(
        code="outreach_lab.people_trained",
        title="People trained",
        definition="People who attended at least one session in the period.",
        version=1,
        counts_people=True,
        unit="people",
        kind="count",
    )
    def _people_trained(ind: Indicator, period: Period) -> Result:
        return Result(ind, period, value=4, records_url="/outreach-lab/participants/")


@pytest.mark.django_db
def test_an_app_adds_an_indicator_without_touching_impact(outreach_lab, client_for, year_2022):
    results = compute_all(YEAR)
    assert results["outreach_lab.people_trained"].value == 4
    assert list(results)[-1] == "outreach_lab.people_trained"  # after media, in registry order

    data = json.loads(
        client_for(Role.COORDINATOR)
        .get(
            reverse("impact:report"),
            {"date_from": "2022-07-01", "date_to": "2023-06-30", "download": "json"},
        )
        .content
    )
    assert data["indicators"]["outreach_lab.people_trained"]["counts_people"] is True
    page = client_for(Role.COORDINATOR).get(reverse("impact:dashboard")).content.decode()
    assert "More figures" in page
    assert 'data-indicator="outreach_lab.people_trained"' in page
    # The period presets start at the earliest record of any area.
    assert "July 2019 – June 2020" in page


@pytest.mark.django_db
def test_it_gives_the_records_behind_each_value_as_ids(year_2022):
    inside, outside = year_2022
    first, second, third = inside
    results = compute_all(YEAR)
    assert results["media.placements"].record_ids == tuple(sorted(p.pk for p in inside))
    lived = results["media.lived_experience_share"]
    assert lived.record_ids == (first.pk, third.pk)
    assert lived.denominator_record_ids == tuple(sorted(p.pk for p in inside))
    assert results["media.mixed_middle_share"].record_ids == (first.pk, second.pk)
    months = {row.key: row.record_ids for row in results["media.placements_by_month"].rows}
    assert months["2022-09"] == (second.pk,)
    assert months["2022-08"] == ()
    formats = {row.key: row.record_ids for row in results["media.placements_by_format"].rows}
    assert formats == {"interview": (second.pk, third.pk), "first_person": (first.pk,)}
    # Every id matches the count it stands behind.
    for result in results.values():
        for row in result.rows:
            assert len(row.record_ids) == row.value

    data = lived.as_json(record_ids=True)
    assert data["record_ids"] == [first.pk, third.pk]
    assert data["definition_version"] == 1
    assert "record_ids" not in lived.as_json()
    by_segment = results["media.placements_by_segment"].as_json(record_ids=True)
    assert by_segment["rows"][0]["record_ids"] == [first.pk, second.pk]


@pytest.mark.django_db
def test_the_report_picks_out_the_mixed_middle_from_the_rows_media_marks(year_2022):
    rows = get_indicator("media.placements_by_segment").compute(YEAR).rows
    assert [row.key for row in rows if row.highlight] == ["mixed-middle"]


@pytest.mark.django_db
def test_the_lived_experience_figure_counts_what_one_media_function_says(
    monkeypatch, client_for, year_2022
):
    inside, _ = year_2022
    # Suppose the definition changes to "interviews": the figure, its records and the
    # placements list it links to all follow, with nothing else changed.
    monkeypatch.setattr(media_selectors, "features_lived_experience", lambda: Q(format="interview"))
    result = get_indicator("media.lived_experience_share").compute(YEAR)
    interviews = sorted(p.pk for p in inside if p.format == "interview")
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.record_ids == tuple(interviews)
    listed = client_for(Role.COORDINATOR).get(result.records_url)
    shown = {p.pk for p in listed.context["page_obj"]}
    assert shown == set(interviews)
    # ...though some of those interviews feature no lived experience by today's rule.
    monkeypatch.undo()
    today_rule = Placement.objects.filter(media_selectors.features_lived_experience())
    assert set(interviews) - set(today_rule.values_list("pk", flat=True))
