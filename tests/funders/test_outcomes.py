"""Outcomes and targets: progress against a target, values calculated or entered by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chorus.accounts.roles import Role
from chorus.funders import selectors, services
from chorus.impact.indicators import Period
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db
YEAR = Period.financial_year(2022)


def _measure(actor, baseline: int = 2, target: int = 6):
    strategy = services.strategy_create(
        actor=actor, title="Strategy", starts_on=YEAR.start, ends_on=datetime.date(2025, 6, 30)
    )
    outcome = services.outcome_create(actor=actor, strategy=strategy, title="Heard in the media")
    measure = services.measure_create(
        actor=actor, outcome=outcome, indicator_code="media.placements", baseline=Decimal(baseline)
    )
    services.target_set(
        actor=actor,
        measure=measure,
        period_start=YEAR.start,
        period_end=YEAR.end,
        value=Decimal(target),
    )
    return measure


def test_progress_is_calculated_from_records_against_the_target(users):
    measure = _measure(users[Role.DIRECTOR])
    for day in (1, 2, 3, 4):
        PlacementFactory(published_on=datetime.date(2022, 8, day))
    PlacementFactory(published_on=datetime.date(2023, 8, 1))  # another year
    [row] = selectors.progress_for(measure)
    assert row.calculated == 4 and row.value == 4 and not row.hand_entered
    assert row.percent == 50  # from 2 towards 6


def test_a_value_entered_by_hand_keeps_who_source_note_and_the_difference(users, client_for):
    director = users[Role.DIRECTOR]
    measure = _measure(director)
    PlacementFactory(published_on=datetime.date(2022, 8, 1))
    services.value_enter(
        actor=director,
        measure=measure,
        period_start=YEAR.start,
        period_end=YEAR.end,
        value=Decimal(5),
        source="Media officer's spreadsheet",
        note="Radio not logged",
    )
    [row] = selectors.progress_for(measure)
    assert row.hand_entered and row.value == 5 and row.calculated == 1 and row.difference == 4
    assert row.entered.entered_by == director
    page = (
        client_for(Role.READ_ONLY)
        .get(f"/funders/outcomes/indicators/{measure.pk}/")
        .content.decode()
    )
    assert "Media officer&#x27;s spreadsheet" in page and "Radio not logged" in page
    with pytest.raises(ValidationError):
        services.value_enter(
            actor=director,
            measure=measure,
            period_start=YEAR.start,
            period_end=YEAR.end,
            value=Decimal(5),
            source=" ",
        )


def test_an_outcome_is_measured_only_by_a_registered_indicator(users):
    director = users[Role.DIRECTOR]
    measure = _measure(director)
    with pytest.raises(ValidationError):
        services.measure_create(
            actor=director,
            outcome=measure.outcome,
            indicator_code="media.made_up",
            baseline=Decimal(0),
        )


def test_the_outcomes_page_marks_each_value_and_shows_progress(users, client_for):
    measure = _measure(users[Role.DIRECTOR])
    PlacementFactory(published_on=datetime.date(2022, 8, 1))
    page = client_for(Role.DIRECTOR).get("/funders/outcomes/").content.decode()
    assert "Calculated from records" in page and "Heard in the media" in page
    assert "-25%" in page  # 1 is below the baseline of 2: a quarter of the way backwards
    assert client_for(Role.VOLUNTEER).get("/funders/outcomes/").status_code == 403
    assert measure.pk
