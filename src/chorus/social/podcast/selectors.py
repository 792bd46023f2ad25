"""Reads of the podcast."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, QuerySet, Sum

from chorus.social.podcast.models import (
    DEFINITIONS,
    SOURCE_METRIC,
    Episode,
    Guest,
    ListenFigure,
    Series,
    Source,
)


def series_with_counts() -> QuerySet[Series]:
    return Series.objects.annotate(
        episode_count=Count("episodes", distinct=True),
        first_on=Min("episodes__published_on"),
        last_on=Max("episodes__published_on"),
    )


def episodes(series: Series | None = None) -> QuerySet[Episode]:
    found = (
        Episode.objects.select_related("series")
        .annotate(guest_count=Count("guests", distinct=True))
        .order_by("series__title", "-number")
    )
    return found.filter(series=series) if series is not None else found


def published_in(start: datetime.date, end: datetime.date) -> QuerySet[Episode]:
    return Episode.objects.filter(published_on__gte=start, published_on__lte=end)


def guests(episode: Episode) -> list[Guest]:
    return list(
        Guest.objects.filter(episode=episode).select_related("use__storyteller", "use__consent")
    )


@dataclass(frozen=True)
class SourceFigures:
    """One source's counts, with its own metric and definition: never added to another's."""

    source: str
    label: str
    metric: str
    definition: str
    total: int
    days: int
    first_on: datetime.date | None
    last_on: datetime.date | None
    by_episode: dict[int, int]


def listens_by_source(episode_ids: list[int] | None = None) -> list[SourceFigures]:
    """Each source that has figures: its total and each episode's, under its own metric."""
    figures = ListenFigure.objects.all()
    if episode_ids is not None:
        figures = figures.filter(episode_id__in=episode_ids)
    per_episode: dict[str, dict[int, int]] = {}
    for count in figures.values("source", "episode_id").annotate(total=Sum("value")):
        per_episode.setdefault(count["source"], {})[count["episode_id"]] = count["total"]
    summary = {
        row["source"]: row
        for row in figures.values("source").annotate(
            total=Sum("value"), days=Count("on", distinct=True), first=Min("on"), last=Max("on")
        )
    }
    result = []
    for source in Source:
        row = summary.get(source.value)
        if row is None:
            continue
        result.append(
            SourceFigures(
                source=source.value,
                label=source.label,
                metric=SOURCE_METRIC[source].value,
                definition=DEFINITIONS[source],
                total=row["total"],
                days=row["days"],
                first_on=row["first"],
                last_on=row["last"],
                by_episode=per_episode.get(source.value, {}),
            )
        )
    return result
