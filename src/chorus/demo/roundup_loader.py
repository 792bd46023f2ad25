"""Load the demo round-up: the starter list of feeds, a few days of news, editions, readers.

Called by `chorus.demo.loader.load` inside its transaction. The invented news (see
`roundup_data`) goes through the real ingestion pipeline (`ingest.store_items`), so it
is classified, de-duplicated and clustered exactly as fetched news would be, and the
editions are built by the real `editions.build_draft`. News is dated back from the
moment of loading, in the order it would have arrived: each of the three past
editions is built on its morning from the news that had come in by then and marked
sent, then the rest comes in and today's draft is built.

Idempotent: feeds are found by address, articles by their invented addresses (which
carry the date of loading), editions by their date and subscribers by address, before
anything is created. Loading on a later day adds that day's batch of news, so the
morning draft always has stories in it.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from chorus.accounts.models import User
from chorus.demo import roundup_data as rd
from chorus.media.models import Outlet
from chorus.monitoring.models import Article, Source
from chorus.monitoring.pipeline.feeds import FeedItem
from chorus.monitoring.services.ingest import articles_store
from chorus.privacy.services import audited_create
from chorus.roundup.editions import services as editions
from chorus.roundup.models import Edition, Subscriber, SubscriberConsent, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers.forms import CONSENT_WORDING

if TYPE_CHECKING:
    from chorus.demo.summary import Summary

HOUR = datetime.timedelta(hours=1)
# Feeds are polled, not pushed: each report is fetched a few minutes after it appears.
FETCH_DELAY = datetime.timedelta(minutes=5)
# When the old subscriber list was imported, before the demo's "now".
IMPORTED_DAYS_AGO = 120


@dataclass(frozen=True)
class PlannedReport:
    published: datetime.datetime
    source: Source
    item: FeedItem


def load_roundup(
    *,
    today: datetime.date,
    users: dict[str, User],
    outlets: dict[str, Outlet],
    summary: Summary,
) -> None:
    """Create whatever part of the demo round-up is missing."""
    now = demo_now(today)
    sources = _load_sources(outlets, summary)
    planned = plan_news(today=today, now=now, sources=sources)
    urls = [p.item.url for p in planned]
    articles_before = Article.objects.filter(url__in=urls).count()
    editor = users.get("coordinator")

    pending = iter(planned)
    upcoming = next(pending, None)
    for days in rd.PAST_EDITION_DAYS:
        built_at = now - datetime.timedelta(days=days)
        while upcoming is not None and upcoming.published < built_at:
            _store(upcoming)
            upcoming = next(pending, None)
        day = today - datetime.timedelta(days=days)
        exists = Edition.objects.filter(issue_date=day, kind=Edition.Kind.DAILY).exists()
        summary.add("Round-up editions", not exists)
        if not exists:
            _past_edition(day, built_at, intro=rd.PAST_EDITION_INTROS[days], editor=editor)
    while upcoming is not None:
        _store(upcoming)
        upcoming = next(pending, None)
    draft_exists = Edition.objects.filter(issue_date=today, kind=Edition.Kind.DAILY).exists()
    # Tops up an existing draft with nothing: no story is newer than the first run's.
    editions.edition_draft_build(day=today, now=now)
    summary.add("Round-up editions", not draft_exists)

    created = Article.objects.filter(url__in=urls).count() - articles_before
    summary.add("Round-up articles", True, created)
    summary.add("Round-up articles", False, articles_before)
    _load_subscribers(now, summary)


def demo_now(today: datetime.date) -> datetime.datetime:
    """The moment the demo's news is dated back from: now, or noon when loading another day."""
    now = timezone.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))


# --- Feeds ----------------------------------------------------------------------------


def _load_sources(outlets: dict[str, Outlet], summary: Summary) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for spec in rd.FEEDS:
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
    specs = {spec.name: spec for spec in rd.FEEDS}
    planned = []
    for story in rd.STORIES:
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


def _past_edition(
    day: datetime.date, built_at: datetime.datetime, *, intro: str, editor: User | None
) -> None:
    """The edition of `day`, built that morning and sent: what the public archive shows."""
    edition = editions.edition_draft_build(day=day, now=built_at)
    sent_at = built_at + datetime.timedelta(minutes=30)
    Edition.objects.filter(pk=edition.pk).update(
        intro=intro,
        status=Edition.Status.SENT,
        approved_by=editor,
        approved_at=built_at + datetime.timedelta(minutes=20),
        send_at=sent_at,
        published_at=sent_at,
    )


# --- Subscribers ----------------------------------------------------------------------


def _load_subscribers(now: datetime.datetime, summary: Summary) -> None:
    imported_at = now - datetime.timedelta(days=IMPORTED_DAYS_AGO)
    for index, (email, name, organisation) in enumerate(rd.CONFIRMED):
        if _exists(email, summary):
            continue
        _imported(
            index,
            email,
            name,
            organisation,
            imported_at,
            sections=rd.CONFIRMED_SECTIONS.get(index, []),
            frequency=Subscriber.Frequency.WEEKLY if index in rd.WEEKLY else None,
        )
    for email, name, organisation, hours in rd.PENDING:
        if _exists(email, summary):
            continue
        asked_at = now - hours * HOUR
        subscriber = audited_create(
            actor=None,
            instance=Subscriber(
                email=email,
                name=name,
                organisation=organisation,
                status=Subscriber.Status.PENDING,
                created_at=asked_at,
                signup_requested_at=asked_at,
            ),
        )
        audited_create(
            actor=None,
            instance=SubscriberConsent(
                subscriber=subscriber,
                given_at=asked_at,
                method=SubscriberConsent.Method.WEB_FORM,
                wording=CONSENT_WORDING,
            ),
        )
    offset = len(rd.CONFIRMED)
    for number, (email, name, organisation) in enumerate(rd.UNSUBSCRIBED):
        if _exists(email, summary):
            continue
        subscriber = _imported(offset + number, email, name, organisation, imported_at)
        subscriber_services.subscriber_unsubscribe(subscriber=subscriber, how="unsubscribe page")
    email, name, organisation = rd.SUPPRESSED
    if not _exists(email, summary):
        _imported(offset + len(rd.UNSUBSCRIBED), email, name, organisation, imported_at)
        subscriber_services.suppression_record(
            email=email, reason=Suppression.Reason.HARD_BOUNCE, detail=rd.BOUNCE_DETAIL
        )


def _exists(email: str, summary: Summary) -> bool:
    found = subscriber_selectors.subscriber_for_email(email) is not None
    summary.add("Round-up subscribers", not found)
    return found


def _imported(
    index: int,
    email: str,
    name: str,
    organisation: str,
    imported_at: datetime.datetime,
    *,
    sections: list[str] | None = None,
    frequency: str | None = None,
) -> Subscriber:
    """A reader from the list kept before Chorus, confirmed with the consent it recorded."""
    subscriber = audited_create(
        actor=None,
        instance=Subscriber(
            email=email,
            name=name,
            organisation=organisation,
            sections=list(sections or []),
            frequency=frequency or Subscriber.Frequency.DAILY,
            status=Subscriber.Status.CONFIRMED,
            created_at=imported_at,
            confirmed_at=imported_at,
        ),
    )
    # The old list knows the day each person agreed, some time in 2021.
    agreed_on = datetime.date(2021, 1 + index % 12, 1 + (index * 7) % 28)
    audited_create(
        actor=None,
        instance=SubscriberConsent(
            subscriber=subscriber,
            given_at=timezone.make_aware(datetime.datetime.combine(agreed_on, datetime.time(12))),
            method=SubscriberConsent.Method.IMPORT,
            wording=subscriber_services.IMPORT_WORDING,
            basis=rd.IMPORT_BASIS,
            confirmed_at=imported_at,
        ),
    )
    return subscriber
