"""The indicator registry: each figure Chorus reports, defined once, by the app owning its records.

impact owns the types (Indicator, Result, Row) and the registry; each app defines the
indicators over its own records in its own `indicators.py`, loaded from its
AppConfig.ready(), and impact reads them only through this module. Codes are
`<area>.<name>` (`media.placements`); an app registers its areas first
(`register_area`) and may register several.

An indicator has a stable `code` (reports and targets refer to it), a title, a
definition in plain words and the version of that definition (bump it when what is
counted changes, so figures from different versions are not compared as like for
like), a unit, whether its values count people (a published report hides small
numbers of people), and `compute(period)`. A result carries the value and the records
behind it, both as a link (`records_url`) and as primary keys (`record_ids`, read only
when asked for, which a published report can hash). Breakdowns return one row per
group, each with its own value, link and records. Indicators never write.

    from chorus.impact.indicators import Period, compute_all, get_indicator
    result = get_indicator("media.placements").compute(Period.financial_year(2022))
    result.value, result.records_url, result.record_ids
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import QuerySet

from chorus.impact.periods import Period

__all__ = [
    "Area",
    "Indicator",
    "Period",
    "Result",
    "Row",
    "all_areas",
    "all_indicators",
    "compute_all",
    "earliest_record_date",
    "get_indicator",
    "indicator",
    "register_area",
    "round_half_up",
    "shared_read",
]

Kind = Literal["count", "ratio", "share", "breakdown"]
CODE = re.compile(r"^(?P<area>[a-z][a-z0-9_]*)\.[a-z][a-z0-9_]*$")


# The records behind a value: a queryset, or a function making one. A function costs
# nothing until the ids are asked for (a dashboard shows dozens of values, and building
# a queryset for each would cost more than the queries that count them).
Records = QuerySet[Any] | Callable[[], QuerySet[Any]]


def _ids(records: Records | None) -> tuple[int, ...]:
    if records is None:
        return ()
    queryset = records if isinstance(records, QuerySet) else records()
    return tuple(queryset.order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Row:
    """One group of a breakdown: a month, a segment, a format…"""

    key: str  # "2022-07", "mixed-middle", "interview"
    label: str  # "July 2022", "Mixed middle", "Interview"
    value: int
    records_url: str
    # The records counted in `value`; read only when `record_ids` is asked for.
    records: Records | None = field(default=None, repr=False, compare=False)
    # The group a report picks out (the mixed middle among audience segments).
    highlight: bool = False

    @property
    def record_ids(self) -> tuple[int, ...]:
        return _ids(self.records)


@dataclass(frozen=True)
class Result:
    """An indicator's value over a period, and the records behind it."""

    indicator: Indicator
    period: Period
    value: Any  # int, float, None (nothing to divide by) or, for breakdowns, a list of dicts
    records_url: str
    numerator: int | None = None
    denominator: int | None = None
    # For shares and ratios: the records the value is divided by (all placements in the period).
    denominator_url: str = ""
    rows: tuple[Row, ...] = ()
    records: Records | None = field(default=None, repr=False, compare=False)
    denominator_records: Records | None = field(default=None, repr=False, compare=False)

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
    def version(self) -> int:
        return self.indicator.version

    @property
    def counts_people(self) -> bool:
        return self.indicator.counts_people

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def record_ids(self) -> tuple[int, ...]:
        """The primary keys of the records behind the value (the numerator for shares)."""
        return _ids(self.records)

    @property
    def denominator_record_ids(self) -> tuple[int, ...]:
        return _ids(self.denominator_records)

    @property
    def percent(self) -> int | None:
        """A share as a whole percentage, rounded half up (114.5 of 177 → 65%)."""
        if self.indicator.kind != "share" or not self.denominator or self.numerator is None:
            return None
        exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return int(round_half_up(exact, 0))

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
        # A breakdown with no groups (no regional day in the period) still says so.
        return ", ".join(f"{row.label}: {row.value:,}" for row in self.rows) or "none"

    @property
    def phrase(self) -> str:
        """The value in words, for indicators that define one ("about 1 every 2 days")."""
        if self.indicator.phrase_fn is None:
            return ""
        return self.indicator.phrase_fn(self)

    def as_json(self, *, record_ids: bool = False) -> dict[str, Any]:
        """The indicator for `chorus report --format json`: title, value, unit and the rest.

        With `record_ids`, also the primary keys of the records behind each value.
        """
        data: dict[str, Any] = {
            "title": self.title,
            "value": self.value,
            "unit": self.unit,
            "definition": self.definition,
            "definition_version": self.version,
            "counts_people": self.counts_people,
            "records_url": self.records_url,
        }
        if record_ids:
            data["record_ids"] = list(self.record_ids)
        if self.numerator is not None:
            data["numerator"] = self.numerator
            data["denominator"] = self.denominator
            if record_ids:
                data["denominator_record_ids"] = list(self.denominator_record_ids)
        if self.indicator.kind == "breakdown":
            data["rows"] = []
            for row in self.rows:
                row_data: dict[str, Any] = {
                    self.indicator.row_key: row.key,
                    "label": row.label,
                    "value": row.value,
                    "records_url": row.records_url,
                }
                if record_ids:
                    row_data["record_ids"] = list(row.record_ids)
                data["rows"].append(row_data)
        return data


Compute = Callable[["Indicator", Period], Result]


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    definition: str
    version: int
    counts_people: bool
    unit: str
    kind: Kind
    compute_fn: Compute = field(repr=False, compare=False)
    # For breakdowns: the name of the key in each row of the value ("month", "segment", …).
    row_key: str = ""
    phrase_fn: Callable[[Result], str] | None = field(default=None, repr=False, compare=False)

    @property
    def area(self) -> str:
        return self.code.split(".", 1)[0]

    def compute(self, period: Period) -> Result:
        return self.compute_fn(self, period)


@dataclass(frozen=True)
class Area:
    """A part of the work that reports figures: "media", later "training", "events"…"""

    code: str
    title: str
    # The date of the area's first record, or None: the period presets start there.
    first_record_on: Callable[[], datetime.date | None] = field(repr=False, compare=False)
    # The access-matrix area a viewer needs to see these figures on the dashboard and
    # the figures page ("" for everyone). A published annual report shows them to all.
    access: str = ""


_AREAS: dict[str, Area] = {}
_REGISTRY: dict[str, Indicator] = {}


def register_area(
    *,
    code: str,
    title: str,
    first_record_on: Callable[[], datetime.date | None],
    access: str = "",
) -> Area:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
        raise ValueError(f"Area code {code!r} must be lower-case letters, digits and '_'.")
    if code in _AREAS:
        raise ValueError(f"Area {code!r} is registered twice.")
    area = Area(code=code, title=title, first_record_on=first_record_on, access=access)
    _AREAS[code] = area
    return area


def area_of(code: str) -> Area | None:
    """The registered area of an indicator code ("media.placements" → media)."""
    return _AREAS.get(code.split(".", 1)[0])


def indicator(
    *,
    code: str,
    title: str,
    definition: str,
    version: int,
    counts_people: bool,
    unit: str,
    kind: Kind,
    row_key: str = "",
    phrase: Callable[[Result], str] | None = None,
) -> Callable[[Compute], Compute]:
    """Register the decorated function as the computation of indicator `code`."""
    match = CODE.match(code)
    if match is None:
        raise ValueError(f"Indicator code {code!r} must be '<area>.<name>'.")
    if match["area"] not in _AREAS:
        raise ValueError(f"Indicator {code!r}: register the area {match['area']!r} first.")
    if not definition.strip():
        raise ValueError(f"Indicator {code!r} needs a definition.")
    if type(version) is not int or version < 1:
        raise ValueError(f"Indicator {code!r}: the definition version is a whole number from 1.")
    if type(counts_people) is not bool:
        raise ValueError(f"Indicator {code!r}: say whether its values count people.")
    if kind == "breakdown" and not row_key:
        raise ValueError(f"Breakdown {code!r} needs a row_key.")

    def register(compute: Compute) -> Compute:
        if code in _REGISTRY:
            raise ValueError(f"Indicator {code!r} is registered twice.")
        _REGISTRY[code] = Indicator(
            code=code,
            title=title,
            definition=" ".join(definition.split()),
            version=version,
            counts_people=counts_people,
            unit=unit,
            kind=kind,
            compute_fn=compute,
            row_key=row_key,
            phrase_fn=phrase,
        )
        return compute

    return register


def get_indicator(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"No indicator is registered with code {code!r}.") from None


def all_indicators() -> list[Indicator]:
    """Every indicator, in the order reports show them (the order they were registered)."""
    return list(_REGISTRY.values())


def all_areas() -> list[Area]:
    return list(_AREAS.values())


def earliest_record_date() -> datetime.date | None:
    """The first date any area has a record for, or None when there are none."""
    dates = [day for area in _AREAS.values() if (day := area.first_record_on()) is not None]
    return min(dates, default=None)


# Several indicators need the same totals; within one `compute_all` each distinct
# shared read runs once.
_shared: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar(
    "impact_shared_reads", default=None
)


@contextmanager
def shared_reads() -> Iterator[None]:
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared_read[T](read: Callable[..., T], *args: Any) -> T:
    """`read(*args)`, run once per distinct call within a `shared_reads()` block."""
    memo = _shared.get()
    if memo is None:
        return read(*args)
    key = (read.__module__, read.__qualname__, *args)
    if key not in memo:
        memo[key] = read(*args)
    return memo[key]


def compute_all(period: Period, codes: Iterable[str] | None = None) -> dict[str, Result]:
    """{code: result} for the given indicators (all of them by default), in report order."""
    chosen = [get_indicator(code) for code in codes] if codes is not None else all_indicators()
    with shared_reads():
        return {ind.code: ind.compute(period) for ind in chosen}


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None
