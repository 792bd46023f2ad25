"""The podcast's figures, registered with impact's indicator registry (SocialConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.urls import reverse

from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.social.podcast import selectors
from chorus.social.podcast.models import Episode


def _first_episode_on() -> datetime.date | None:
    first: datetime.date | None = Episode.objects.aggregate(first=Min("published_on"))["first"]
    return first


register_area(code="podcast", title="Podcast", first_record_on=_first_episode_on)


@indicator(
    code="podcast.episodes",
    title="Podcast episodes published",
    definition="""Episodes of any of the charity's podcast series with a publication date
        in the period. An episode taken down later still counts: it was published.""",
    version=1,
    counts_people=False,
    unit="episodes",
    kind="count",
)
def _episodes(ind: Indicator, period: Period) -> Result:
    found = selectors.published_in(period.start, period.end)
    return Result(
        ind,
        period,
        value=found.count(),
        records_url=reverse("social:series_list"),
        records=lambda: found,
    )
