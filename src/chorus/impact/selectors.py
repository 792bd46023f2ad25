"""Reads behind the impact indicators: aggregate queries over other apps' records.

Each function is one query whose cost does not grow with the number of rows it
counts on the Python side. Nothing here writes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, QuerySet
from django.urls import reverse

from chorus.impact.periods import Period
from chorus.media.models import MIXED_MIDDLE, AudienceSegment, Placement
from chorus.media.selectors import features_lived_experience

# Several indicators need the same totals; within one `shared_reads()` block each
# distinct read runs once.
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


def _shareable[T](read: Callable[[Period], T]) -> Callable[[Period], T]:
    @wraps(read)
    def wrapper(period: Period) -> T:
        memo = _shared.get()
        if memo is None:
            return read(period)
        key = (read.__name__, period)
        if key not in memo:
            memo[key] = read(period)
        return memo[key]

    return wrapper


def placements_in(period: Period) -> QuerySet[Placement]:
    return Placement.objects.filter(published_on__range=(period.start, period.end))


@_shareable
def placement_totals(period: Period) -> dict[str, int]:
    """How many placements, with a lived-experience voice, and at mixed-middle outlets."""
    totals = placements_in(period).aggregate(
        placements=Count("id"),
        lived_experience=Count("id", filter=features_lived_experience()),
        mixed_middle=Count("id", filter=Q(outlet__segment__slug=MIXED_MIDDLE)),
    )
    return {key: int(value or 0) for key, value in totals.items()}


def placement_counts_by_month(period: Period) -> dict[tuple[int, int], int]:
    """{(year, month): placements}, only for months that have any.

    Grouped by day in the database and folded into months here: truncating dates
    to months runs a Python function per row on SQLite, while there are at most a
    few thousand distinct days in any period.
    """
    rows = placements_in(period).values("published_on").annotate(n=Count("id")).order_by()
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        day = row["published_on"]
        key = (day.year, day.month)
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def placement_counts_by_segment(period: Period) -> list[tuple[AudienceSegment, int]]:
    """Every audience segment in its display order, with its placements in the period."""
    in_period = Q(
        outlets__placements__published_on__range=(period.start, period.end),
    )
    segments = AudienceSegment.objects.annotate(
        n=Count("outlets__placements", filter=in_period)
    ).order_by("position", "name")
    return [(segment, segment.n) for segment in segments]


def placement_counts_by_format(period: Period) -> dict[str, int]:
    """{format value: placements} for the formats that occur in the period."""
    rows = placements_in(period).values("format").annotate(n=Count("id")).order_by()
    return {row["format"]: row["n"] for row in rows}


def earliest_placement_date() -> datetime.date | None:
    return Placement.objects.aggregate(first=Min("published_on"))["first"]


def placements_url(period: Period, **filters: str) -> str:
    """The placements list, filtered to the period and to `filters` (segment, format, …).

    The list page accepts exactly these parameters: from, to, segment, format,
    lived_experience, outlet, campaign.
    """
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({key: value for key, value in filters.items() if value})
    return f"{reverse('media:placement_list')}?{urlencode(params)}"
