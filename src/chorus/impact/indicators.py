"""The indicator registry: each figure Chorus reports, defined once.

An indicator has a stable `code` (reports and targets refer to it), a title, a
definition in plain words, a unit, and `compute(period)`, which returns the value
together with a link to the records behind it. Breakdowns return one row per group,
each with its own value and link. Indicators read other apps through selectors
and never write.

    from chorus.impact.indicators import Period, compute_all, get_indicator
    result = get_indicator("media.placements").compute(Period.financial_year(2022))
    result.value, result.records_url
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from chorus.impact import selectors
from chorus.impact.periods import Period
from chorus.media.models import MIXED_MIDDLE, PlacementFormat

__all__ = [
    "Indicator",
    "Period",
    "Result",
    "Row",
    "all_indicators",
    "compute_all",
    "get_indicator",
]

Kind = Literal["count", "ratio", "share", "breakdown"]


@dataclass(frozen=True)
class Row:
    """One group of a breakdown: a month, a segment, a format…"""

    key: str  # "2022-07", "mixed-middle", "interview"
    label: str  # "July 2022", "Mixed middle", "Interview"
    value: int
    records_url: str


@dataclass(frozen=True)
class Result:
    """An indicator's value over a period, and where to find the records behind it."""

    indicator: Indicator
    period: Period
    value: Any  # int, float, None (nothing to divide by) or, for breakdowns, a list of dicts
    records_url: str
    numerator: int | None = None
    denominator: int | None = None
    # For shares and ratios: the records the value is divided by (all placements in the period).
    denominator_url: str = ""
    rows: tuple[Row, ...] = ()

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def title(self) -> str:
        return self.indicator.title

    @property
    def definition(self) -> str:
        return self.indicator.definition

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def percent(self) -> int | None:
        """A share as a whole percentage, rounded half up (114.5 of 177 → 65%)."""
        if self.indicator.kind != "share" or not self.denominator or self.numerator is None:
            return None
        exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def fraction(self) -> str:
        """ "115 of 177" for shares; empty otherwise."""
        if self.indicator.kind != "share" or self.numerator is None or self.denominator is None:
            return ""
        return f"{self.numerator:,} of {self.denominator:,}"

    @property
    def display(self) -> str:
        """The value as people read it: "177", "65%", "2.1 days", "no placements"."""
        if self.value is None:
            return "—"
        kind = self.indicator.kind
        if kind == "share":
            return f"{self.percent}%"
        if kind == "ratio":
            return f"{self.value:.1f} {self.unit}"
        if kind == "count":
            return f"{self.value:,}"
        return ", ".join(f"{row.label}: {row.value:,}" for row in self.rows)

    @property
    def phrase(self) -> str:
        """A sentence fragment for the ratio of days to placements: "about 1 every 2 days"."""
        if self.indicator.code != "media.days_per_placement" or not self.denominator:
            return ""
        days = Decimal(self.numerator or 0)
        placements = Decimal(self.denominator)
        if placements > days:
            return f"about {_round(placements / days, 0):.0f} a day"
        every = _round(days / placements, 0)
        return "about 1 a day" if every == 1 else f"about 1 every {every:.0f} days"

    def as_json(self) -> dict[str, Any]:
        """The indicator for `chorus report --format json`: title, value, unit and the rest."""
        data: dict[str, Any] = {
            "title": self.title,
            "value": self.value,
            "unit": self.unit,
            "definition": self.definition,
            "records_url": self.records_url,
        }
        if self.numerator is not None:
            data["numerator"] = self.numerator
            data["denominator"] = self.denominator
        if self.indicator.kind == "breakdown":
            data["rows"] = [
                {
                    self.indicator.row_key: row.key,
                    "label": row.label,
                    "value": row.value,
                    "records_url": row.records_url,
                }
                for row in self.rows
            ]
        return data


Compute = Callable[["Indicator", Period], Result]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    definition: str
    unit: str
    kind: Kind
    compute_fn: Compute = field(repr=False, compare=False)
    # For breakdowns: the name of the key in each row of the value ("month", "segment", …).
    row_key: str = ""

    def compute(self, period: Period) -> Result:
        return self.compute_fn(self, period)


_REGISTRY: dict[str, Indicator] = {}


def indicator(
    *, code: str, title: str, definition: str, unit: str, kind: Kind, row_key: str = ""
) -> Callable[[Compute], Compute]:
    """Register the decorated function as the computation of indicator `code`."""

    def register(compute: Compute) -> Compute:
        if code in _REGISTRY:
            raise ValueError(f"Indicator {code!r} is registered twice.")
        _REGISTRY[code] = Indicator(
            code=code,
            title=title,
            definition=" ".join(definition.split()),
            unit=unit,
            kind=kind,
            compute_fn=compute,
            row_key=row_key,
        )
        return compute

    return register


def get_indicator(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"No indicator is registered with code {code!r}.") from None


def all_indicators() -> list[Indicator]:
    """Every indicator, in the order reports show them."""
    return list(_REGISTRY.values())


def compute_all(period: Period, codes: Iterable[str] | None = None) -> dict[str, Result]:
    """{code: result} for the given indicators (all of them by default), in report order."""
    chosen = [get_indicator(code) for code in codes] if codes is not None else all_indicators()
    with selectors.shared_reads():
        return {ind.code: ind.compute(period) for ind in chosen}


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


# --- Media coverage ------------------------------------------------------------------


@indicator(
    code="media.placements",
    title="Stories placed",
    definition="""Stories the team helped get into the media (placements), counted by the
        date they were published, within the period.""",
    unit="placements",
    kind="count",
)
def _placements(ind: Indicator, period: Period) -> Result:
    total = selectors.placement_totals(period)["placements"]
    return Result(ind, period, value=total, records_url=selectors.placements_url(period))


@indicator(
    code="media.days_per_placement",
    title="How often a story was placed",
    definition="""Days in the period divided by the stories placed in it, to one decimal
        place: 2.0 means about one story every two days. Blank when nothing was placed.""",
    unit="days",
    kind="ratio",
)
def _days_per_placement(ind: Indicator, period: Period) -> Result:
    total = selectors.placement_totals(period)["placements"]
    value = float(_round(Decimal(period.days) / Decimal(total), 1)) if total else None
    url = selectors.placements_url(period)
    return Result(
        ind, period, value=value, records_url=url, numerator=period.days, denominator=total
    )


@indicator(
    code="media.lived_experience_share",
    title="Featuring lived-experience voices",
    definition="""Of the stories placed in the period, the share in which a person with
        lived experience of migration is quoted or speaks in their own words.""",
    unit="share",
    kind="share",
)
def _lived_experience_share(ind: Indicator, period: Period) -> Result:
    totals = selectors.placement_totals(period)
    return Result(
        ind,
        period,
        value=_share(totals["lived_experience"], totals["placements"]),
        records_url=selectors.placements_url(period, lived_experience="yes"),
        numerator=totals["lived_experience"],
        denominator=totals["placements"],
        denominator_url=selectors.placements_url(period),
    )


@indicator(
    code="media.mixed_middle_share",
    title="Reaching the mixed middle",
    definition="""Of the stories placed in the period, the share that appeared in outlets
        whose audience is mainly the 'mixed middle': the half of the public who are neither
        for nor against migration.""",
    unit="share",
    kind="share",
)
def _mixed_middle_share(ind: Indicator, period: Period) -> Result:
    totals = selectors.placement_totals(period)
    return Result(
        ind,
        period,
        value=_share(totals["mixed_middle"], totals["placements"]),
        records_url=selectors.placements_url(period, segment=MIXED_MIDDLE),
        numerator=totals["mixed_middle"],
        denominator=totals["placements"],
        denominator_url=selectors.placements_url(period),
    )


@indicator(
    code="media.placements_by_month",
    title="Stories placed each month",
    definition="""Stories placed in each calendar month of the period, including months
        with none. A period that starts or ends mid-month counts only its own days.""",
    unit="by month",
    kind="breakdown",
    row_key="month",
)
def _placements_by_month(ind: Indicator, period: Period) -> Result:
    counts = selectors.placement_counts_by_month(period)
    rows = tuple(
        Row(
            key=f"{month.start:%Y-%m}",
            label=f"{month.start:%B %Y}",
            value=counts.get((month.start.year, month.start.month), 0),
            records_url=selectors.placements_url(month),
        )
        for month in period.months()
    )
    return _breakdown(ind, period, rows)


@indicator(
    code="media.placements_by_segment",
    title="Stories by outlet audience",
    definition="""Stories placed in the period, grouped by the audience segment of the
        outlet that published them (mixed middle, already supportive, hostile-leaning…).""",
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
            records_url=selectors.placements_url(period, segment=segment.slug),
        )
        for segment, n in selectors.placement_counts_by_segment(period)
    )
    return _breakdown(ind, period, rows)


@indicator(
    code="media.placements_by_format",
    title="Stories by format",
    definition="""Stories placed in the period, grouped by format (first-person piece,
        interview, broadcast package…), for the formats that occur.""",
    unit="by format",
    kind="breakdown",
    row_key="format",
)
def _placements_by_format(ind: Indicator, period: Period) -> Result:
    counts = selectors.placement_counts_by_format(period)
    order = {value: position for position, value in enumerate(PlacementFormat.values)}
    labels = dict(PlacementFormat.choices)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order))))
    rows = tuple(
        Row(
            key=value,
            label=str(labels.get(value, value)),
            value=n,
            records_url=selectors.placements_url(period, format=value),
        )
        for value, n in ranked
    )
    return _breakdown(ind, period, rows)


def _breakdown(ind: Indicator, period: Period, rows: tuple[Row, ...]) -> Result:
    return Result(
        ind,
        period,
        value=[{ind.row_key: row.key, "value": row.value} for row in rows],
        records_url=selectors.placements_url(period),
        rows=rows,
    )
