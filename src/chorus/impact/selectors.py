"""Reads behind the impact indicators: aggregate queries over other apps' records.

Each function is one query whose cost does not grow with the number of rows it
counts on the Python side. Nothing here writes.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse

from chorus.impact.periods import Period
from chorus.media.models import MIXED_MIDDLE, AudienceSegment, Placement


def placements_in(period: Period) -> QuerySet[Placement]:
    return Placement.objects.filter(published_on__range=(period.start, period.end))


def placement_totals(period: Period) -> dict[str, int]:
    """How many placements, with a lived-experience voice, and at mixed-middle outlets."""
    totals = placements_in(period).aggregate(
        placements=Count("id"),
        lived_experience=Count("id", filter=Q(features_lived_experience=True)),
        mixed_middle=Count("id", filter=Q(outlet__segment__slug=MIXED_MIDDLE)),
    )
    return {key: int(value or 0) for key, value in totals.items()}


def placement_counts_by_month(period: Period) -> dict[tuple[int, int], int]:
    """{(year, month): placements}, only for months that have any."""
    rows = (
        placements_in(period)
        .annotate(month=TruncMonth("published_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, str):  # some database drivers hand back text
            month = datetime.date.fromisoformat(month[:10])
        counts[(month.year, month.month)] = counts.get((month.year, month.month), 0) + row["n"]
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
