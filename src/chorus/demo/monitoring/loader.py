"""Load the demo's media monitoring: the starter list of feeds and a few days of news.

Called by `chorus.demo.loader.load` inside its transaction, after the media desk (a
feed's publisher is an outlet's organisation). The invented news (see `news_today` and
`news_past`) goes through the real ingestion pipeline (`articles_store`), so it is
classified, de-duplicated and clustered exactly as fetched news would be. News is
dated back from the moment of loading and stored in the order it would have arrived;
the round-up's loader lets it in (`News.arrive_before`) morning by morning, so each
past edition is built from the news that had come in by then.

Idempotent: feeds are found by address, articles by their invented addresses (which
carry the date of loading). Loading on a later day adds that day's batch of news, so
the morning draft always has stories in it.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from chorus.demo.monitoring import data, news_past, news_today
from chorus.demo.summary import Summary
from chorus.media.models import Outlet
from chorus.monitoring.models import Article, Source
from chorus.monitoring.pipeline.feeds import FeedItem
from chorus.monitoring.services.ingest import articles_store

HOUR = datetime.timedelta(hours=1)
# Feeds are polled, not pushed: each report is fetched a few minutes after it appears.
FETCH_DELAY = datetime.timedelta(minutes=5)
# Newest first: the last 24 hours, then a day, two and three days earlier.
STORIES = [*news_today.STORIES, *news_past.STORIES]


@dataclass(frozen=True)
class PlannedReport:
    published: datetime.datetime
    source: Source
    item: FeedItem


@dataclass
class News:
    """The demo's news, oldest first, stored as it would have arrived."""

    now: datetime.datetime
    planned: list[PlannedReport]
    stored_before: int  # reports an earlier run already stored
    arrived: int = field(default=0)

    def arrive_before(self, moment: datetime.datetime) -> None:
        """Store every report published before `moment` that has not arrived yet."""
        while self.arrived < len(self.planned) and self.planned[self.arrived].published < moment:
            _store(self.planned[self.arrived])
            self.arrived += 1

    def arrive_all(self) -> None:
        """Store every report that has not arrived yet."""
        for planned in self.planned[self.arrived :]:
            _store(planned)
        self.arrived = len(self.planned)

    def add_to(self, summary: Summary) -> None:
        """Count the articles this run stored, and those an earlier run had."""
        created = Article.objects.filter(url__in=self._urls()).count() - self.stored_before
        summary.add("Round-up articles", True, created)
        summary.add("Round-up articles", False, self.stored_before)

    def _urls(self) -> list[str]:
        return [p.item.url for p in self.planned]


def load_monitoring(*, today: datetime.date, outlets: dict[str, Outlet], summary: Summary) -> News:
    """Create the demo's feeds if missing, and plan its news for the round-up to let in."""
    now = demo_now(today)
    sources = _load_sources(outlets, summary)
    planned = plan_news(today=today, now=now, sources=sources)
    stored = Article.objects.filter(url__in=[p.item.url for p in planned]).count()
    return News(now=now, planned=planned, stored_before=stored)


def demo_now(today: datetime.date) -> datetime.datetime:
    """The moment the demo's news is dated back from: now, or noon when loading another day."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))


# --- Feeds ----------------------------------------------------------------------------


def _load_sources(outlets: dict[str, Outlet], summary: Summary) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for spec in data.FEEDS:
        source = Source.objects.filter(url=spec.url).first()
        summary.add("Round-up sources", source is None)
        if source is None:
            source = Source.objects.create(
                name=spec.name,
                url=spec.url,
                region=spec.region,
                language=spec.language,
                poll_minutes=spec.poll_minutes,
                publisher=outlets[spec.outlet].organisation if spec.outlet else None,
                # No network is assumed: staff check each address before turning it on.
                enabled=False,
            )
        sources[spec.name] = source
    return sources


# --- News -----------------------------------------------------------------------------


def plan_news(
    *, today: datetime.date, now: datetime.datetime, sources: dict[str, Source]
) -> list[PlannedReport]:
    """Every report of the demo's news as a feed item, oldest first.

    Addresses carry the date of loading, so a load on another day brings that day's
    news, and a second load on the same day finds every report already stored.
    """
    specs = {spec.name: spec for spec in data.FEEDS}
    planned = []
    for story in STORIES:
        first = now - story.hours_ago * HOUR
        for number, report in enumerate(story.reports, start=1):
            published = first + datetime.timedelta(minutes=report.minutes_later)
            ref = f"{today:%Y%m%d}-{story.key}-{number}"
            url = specs[report.feed].article_url.format(ref=ref)
            planned.append(
                PlannedReport(
                    published=published,
                    source=sources[report.feed],
                    item=FeedItem(
                        guid=url,
                        url=url,
                        title=report.title,
                        summary_html=f"<p>{report.summary}</p>",
                        published=published,
                    ),
                )
            )
    planned.sort(key=lambda p: (p.published, p.item.url))
    return planned


def _store(planned: PlannedReport) -> None:
    report = articles_store(
        items=[planned.item], source=planned.source, now=planned.published + FETCH_DELAY
    )
    if report.errors:
        raise RuntimeError(f"Demo round-up article not stored: {report.errors}")
