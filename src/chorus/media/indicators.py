"""The media figures of the impact report, registered with impact's indicator registry.

Loaded from MediaConfig.ready(). Each indicator reads placements through
chorus.media.selectors and links to the placements list filtered to the same records.
The codes are stable: reports, targets and saved JSON refer to them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from chorus.impact.indicators import (
    Indicator,
    Period,
    Result,
    Row,
    indicator,
    register_area,
    round_half_up,
    share,
    shared_read,
)
from chorus.media import selectors
from chorus.media.models import MIXED_MIDDLE, Placement, PlacementFormat

register_area(
    code="media", title="Media coverage", first_record_on=selectors.earliest_placement_date
)


def placements_url(period: Period, **filters: str) -> str:
    """The placements list, filtered to the period and to `filters` (segment, format, …).

    The list page accepts exactly these parameters: from, to, segment, format,
    lived_experience, outlet, campaign.
    """
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({key: value for key, value in filters.items() if value})
    return f"{reverse('media:placement_list')}?{urlencode(params)}"


def _in(period: Period) -> QuerySet[Placement]:
    return selectors.placements_published_between(period.start, period.end)


def _in_with(period: Period, **lookups: Any) -> QuerySet[Placement]:
    return _in(period).filter(**lookups)


def _totals(period: Period) -> dict[str, int]:
    return shared_read(selectors.placement_totals, period.start, period.end)


def _how_often(result: Result) -> str:
    """ "about 1 every 2 days", "about 1 a day", "about 3 a day"; empty with no placements."""
    if not result.denominator:
        return ""
    days = Decimal(result.numerator or 0)
    placements = Decimal(result.denominator)
    if placements > days:
        return f"about {round_half_up(placements / days, 0):.0f} a day"
    every = round_half_up(days / placements, 0)
    return "about 1 a day" if every == 1 else f"about 1 every {every:.0f} days"


@indicator(
    code="media.placements",
    title="Stories placed",
    definition="""Stories the team helped get into the media (placements), counted by the
        date they were published, within the period.""",
    version=1,
    counts_people=False,
    unit="placements",
    kind="count",
)
def _placements(ind: Indicator, period: Period) -> Result:
    return Result(
        ind,
        period,
        value=_totals(period)["placements"],
        records_url=placements_url(period),
        records=partial(_in, period),
    )


@indicator(
    code="media.days_per_placement",
    title="How often a story was placed",
    definition="""Days in the period divided by the stories placed in it, to one decimal
        place: 2.0 means about one story every two days. Blank when nothing was placed.""",
    version=1,
    counts_people=False,
    unit="days",
    kind="ratio",
    phrase=_how_often,
)
def _days_per_placement(ind: Indicator, period: Period) -> Result:
    total = _totals(period)["placements"]
    value = float(round_half_up(Decimal(period.days) / Decimal(total), 1)) if total else None
    return Result(
        ind,
        period,
        value=value,
        records_url=placements_url(period),
        numerator=period.days,
        denominator=total,
        records=partial(_in, period),
        denominator_records=partial(_in, period),
    )


@indicator(
    code="media.lived_experience_share",
    title="Featuring lived-experience voices",
    definition="""Of the stories placed in the period, the share in which a person with
        lived experience of migration is quoted or speaks in their own words.""",
    version=1,
    # It counts stories, not the people in them.
    counts_people=False,
    unit="share",
    kind="share",
)
def _lived_experience_share(ind: Indicator, period: Period) -> Result:
    totals = _totals(period)
    return Result(
        ind,
        period,
        value=share(totals["lived_experience"], totals["placements"]),
        records_url=placements_url(period, lived_experience="yes"),
        numerator=totals["lived_experience"],
        denominator=totals["placements"],
        denominator_url=placements_url(period),
        records=lambda: selectors.placements_with_lived_experience(_in(period)),
        denominator_records=partial(_in, period),
    )


@indicator(
    code="media.mixed_middle_share",
    title="Reaching the mixed middle",
    definition="""Of the stories placed in the period, the share that appeared in outlets
        whose audience is mainly the 'mixed middle': the half of the public who are neither
        for nor against migration.""",
    version=1,
    counts_people=False,
    unit="share",
    kind="share",
)
def _mixed_middle_share(ind: Indicator, period: Period) -> Result:
    totals = _totals(period)
    return Result(
        ind,
        period,
        value=share(totals["mixed_middle"], totals["placements"]),
        records_url=placements_url(period, segment=MIXED_MIDDLE),
        numerator=totals["mixed_middle"],
        denominator=totals["placements"],
        denominator_url=placements_url(period),
        records=lambda: _in(period).filter(outlet__segment__slug=MIXED_MIDDLE),
        denominator_records=partial(_in, period),
    )


@indicator(
    code="media.placements_by_month",
    title="Stories placed each month",
    definition="""Stories placed in each calendar month of the period, including months
        with none. A period that starts or ends mid-month counts only its own days.""",
    version=1,
    counts_people=False,
    unit="by month",
    kind="breakdown",
    row_key="month",
)
def _placements_by_month(ind: Indicator, period: Period) -> Result:
    counts = selectors.placement_counts_by_month(period.start, period.end)
    rows = tuple(
        Row(
            key=f"{month.start:%Y-%m}",
            label=f"{month.start:%B %Y}",
            value=counts.get((month.start.year, month.start.month), 0),
            records_url=placements_url(month),
            records=partial(_in, month),
        )
        for month in period.months()
    )
    return _breakdown(ind, period, rows)


@indicator(
    code="media.placements_by_segment",
    title="Stories by outlet audience",
    definition="""Stories placed in the period, grouped by the audience segment of the
        outlet that published them (mixed middle, already supportive, hostile-leaning…).""",
    version=1,
    counts_people=False,
    unit="by segment",
    kind="breakdown",
    row_key="segment",
)
def _placements_by_segment(ind: Indicator, period: Period) -> Result:
    rows = tuple(
        Row(
            key=segment.slug,
            label=segment.name,
            value=n,
            records_url=placements_url(period, segment=segment.slug),
            records=partial(_in_with, period, outlet__segment=segment),
            # Reaching the mixed middle is the goal: reports pick it out.
            highlight=segment.slug == MIXED_MIDDLE,
        )
        for segment, n in selectors.placement_counts_by_segment(period.start, period.end)
    )
    return _breakdown(ind, period, rows)


@indicator(
    code="media.placements_by_format",
    title="Stories by format",
    definition="""Stories placed in the period, grouped by format (first-person piece,
        interview, broadcast package…), for the formats that occur.""",
    version=1,
    counts_people=False,
    unit="by format",
    kind="breakdown",
    row_key="format",
)
def _placements_by_format(ind: Indicator, period: Period) -> Result:
    counts = selectors.placement_counts_by_format(period.start, period.end)
    order = {value: position for position, value in enumerate(PlacementFormat.values)}
    labels: dict[Any, Any] = dict(PlacementFormat.choices)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
    rows = tuple(
        Row(
            key=value,
            label=str(labels.get(value, value)),
            value=n,
            records_url=placements_url(period, format=value),
            records=partial(_in_with, period, format=value),
        )
        for value, n in ranked
    )
    return _breakdown(ind, period, rows)


def _breakdown(ind: Indicator, period: Period, rows: tuple[Row, ...]) -> Result:
    return Result(
        ind,
        period,
        value=[{ind.row_key: row.key, "value": row.value} for row in rows],
        records_url=placements_url(period),
        rows=rows,
        records=partial(_in, period),
    )
