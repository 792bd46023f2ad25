"""Ingestion: fetch a source, parse it, normalise, de-duplicate, cluster, classify, store.

The pipeline stages are plain functions (`chorus.monitoring.pipeline`); this service runs
them in order and stores what they produce. A source's conditional-GET validators mean
an unchanged feed costs one request, no parse and no article writes.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chorus.monitoring.models import Article, ArticleBand, NewsRegion, Source, StoryCluster
from chorus.monitoring.pipeline import backoff, dedupe, feeds, fetch, normalise, similarity
from chorus.monitoring.services import classification

logger = logging.getLogger(__name__)

# Reports of one story within this many days may join one cluster.
CLUSTER_WINDOW = datetime.timedelta(days=4)
# At most this many items are taken from one fetch of one feed.
MAX_ITEMS_PER_FETCH = 500


class CannotAdd(Exception):
    """An article could not be added by its address; the message says why, in plain words."""


@dataclass
class IngestReport:
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    not_modified: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "new": self.new,
            "duplicates": self.duplicates,
            "errors": self.errors,
        }


def _allow_hosts() -> frozenset[str]:
    return frozenset(getattr(settings, "ROUNDUP_FETCH_ALLOW_HOSTS", []))


def url_key(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class _Recent:
    """The articles of the last few days, loaded once per fetch, for clustering."""

    features: list[Any]
    cluster_of: dict[int, int]

    @classmethod
    def load(cls, since: datetime.datetime) -> _Recent:
        rows = list(
            Article.objects.filter(
                published_at__gte=since, copy_of__isnull=True, cluster__isnull=False
            )
            .exclude(features={})
            .values_list("pk", "cluster_id", "features")
        )
        loaded = []
        cluster_of = {}
        for pk, cluster_id, data in rows:
            loaded.append(dedupe.ArticleFeatures.from_json(data).with_cluster(str(pk)))
            cluster_of[pk] = cluster_id
        return cls(loaded, cluster_of)


def articles_store(
    *,
    items: Sequence[feeds.FeedItem],
    source: Source | None,
    now: datetime.datetime | None = None,
) -> IngestReport:
    """Store the items of one fetch; known URLs and near-copies count as duplicates."""
    now = now or timezone.now()
    report = IngestReport(fetched=len(items))
    items = list(items)[:MAX_ITEMS_PER_FETCH]
    recent = _Recent.load(now - CLUSTER_WINDOW)
    judge = classification.current()
    for item in items:
        try:
            outcome = _store_one(item, source=source, now=now, recent=recent, judge=judge)
        except Exception as exc:  # one item never loses the rest of the fetch
            # _store_one is atomic: whatever it wrote for this item is rolled back.
            logger.warning("Item %s not stored", item.url or item.guid, exc_info=True)
            report.errors.append(f"{item.url or item.guid}: {exc}")
            continue
        if outcome == "new":
            report.new += 1
        else:
            report.duplicates += 1
    return report


@transaction.atomic
def _store_one(
    item: feeds.FeedItem,
    *,
    source: Source | None,
    now: datetime.datetime,
    recent: _Recent,
    judge: Any,
) -> str:
    if not item.url:
        raise ValueError("the item has no link")
    canonical = normalise.canonical_url(item.url)
    key = url_key(canonical)
    if Article.objects.filter(url_key=key).exists():
        return "duplicate"
    # The parser hands over plain-text headlines and sanitised summaries already.
    title = (item.title or "")[:500] or "(no headline)"
    if source is not None and item.guid:
        same_guid = Article.objects.filter(source=source, guid=item.guid[:500]).exists()
        if same_guid:
            return "duplicate"
    summary = normalise.sanitise_html(item.summary_html or "")
    summary_text = normalise.plain_text(summary)
    published = item.published or now
    language = normalise.detect_language(f"{title}. {summary_text}")
    if language == "und" and source is not None:
        language = source.language
    region = source.region if source is not None else NewsRegion.UK
    feats = dedupe.features(title, summary_text, published)
    bands = dedupe.lsh_band_keys(feats.signature)
    original = _copy_of(feats, bands, title=title, source=source, since=published - CLUSTER_WINDOW)
    verdict = judge.classify(title, summary_text)
    article = Article(
        source=source,
        publisher=source.publisher if source is not None else None,
        url=item.url[:2000],
        url_key=key,
        guid=(item.guid or "")[:500],
        title=title,
        summary=summary,
        language=language,
        region=verdict.region or region,
        published_at=published,
        fetched_at=now,
        copy_of=original,
        **verdict.fields(),
    )
    article.features = feats.to_json()
    article.save()
    ArticleBand.objects.bulk_create(
        [ArticleBand(article=article, key=k) for k in set(bands)], ignore_conflicts=True
    )
    if original is not None:
        cluster = original.cluster
    else:
        match = dedupe.assign_story(feats, recent.features)
        cluster = None
        if match is not None:
            cluster_id = recent.cluster_of.get(int(match))
            cluster = StoryCluster.objects.filter(pk=cluster_id).first() if cluster_id else None
    cluster = _join(cluster, article)
    Article.objects.filter(pk=article.pk).update(cluster=cluster)
    if original is None:
        recent.features.append(feats.with_cluster(str(article.pk)))
        recent.cluster_of[article.pk] = cluster.pk
    return "duplicate" if original is not None else "new"


def _copy_of(
    feats: dedupe.ArticleFeatures,
    bands: Iterable[int],
    *,
    title: str,
    source: Source | None,
    since: datetime.datetime,
) -> Article | None:
    """An earlier article this one copies: same headline from the source, or a near-copy
    (wire copy, updated version) found through the shared MinHash band keys."""
    recent = Article.objects.filter(published_at__gte=since, copy_of__isnull=True)
    if source is not None:
        same_title = recent.filter(source=source, title=title).first()
        if same_title is not None:
            return same_title
    candidates = (
        recent.filter(bands__key__in=list(bands))
        .distinct()
        .order_by("published_at", "pk")
        .values_list("pk", "features")[:50]
    )
    for pk, data in candidates:
        if data and similarity.is_copy(feats, dedupe.ArticleFeatures.from_json(data)):
            return Article.objects.get(pk=pk)
    return None


def _join(cluster: StoryCluster | None, article: Article) -> StoryCluster:
    if cluster is None:
        return StoryCluster.objects.create(
            key=f"a{article.pk}",
            headline=article.title,
            first_seen_at=article.published_at,
            last_seen_at=article.published_at,
            article_count=1,
            outlet_count=1,
            relevance=article.relevance if article.relevant else 0.0,
            region=article.region,
        )
    outlets = (
        cluster.articles.exclude(pk=article.pk).values_list("publisher_id", "source_id").distinct()
    )
    known = {o or f"s{s}" for o, s in outlets}
    known.add(article.publisher_id or f"s{article.source_id}")
    StoryCluster.objects.filter(pk=cluster.pk).update(
        article_count=F("article_count") + 1,
        outlet_count=len(known),
        last_seen_at=max(cluster.last_seen_at, article.published_at),
        first_seen_at=min(cluster.first_seen_at, article.published_at),
    )
    if article.relevant and article.relevance > cluster.relevance:
        StoryCluster.objects.filter(pk=cluster.pk).update(relevance=article.relevance)
    cluster.refresh_from_db()
    return cluster


# --- Polling ------------------------------------------------------------------------


def _fetch_feed(source_url: str, *, etag: str = "", last_modified: str = "") -> Any:
    return fetch.fetch(
        source_url,
        etag=etag or None,
        last_modified=last_modified or None,
        allow_hosts=_allow_hosts(),
    )


def read_feed(url: str, *, etag: str = "", last_modified: str = "") -> tuple[Any, Any]:
    """Fetch `url` and parse it; when it is a page, follow its first feed link once."""
    result = _fetch_feed(url, etag=etag, last_modified=last_modified)
    if result.not_modified:
        return result, None
    try:
        return result, feeds.parse_feed(
            result.body, url=result.final_url, content_type=result.content_type
        )
    except feeds.HostileFeed:
        raise
    except feeds.FeedError:
        found = feeds.discover_feeds(result.body, result.final_url)
        if not found:
            raise
        result = _fetch_feed(found[0])
        return result, feeds.parse_feed(
            result.body, url=result.final_url, content_type=result.content_type
        )


HOST_LOCK_SECONDS = 120


def _host_of(url: str) -> str:

    return (urlsplit(url).hostname or "").lower()


def source_poll(*, source: Source, now: datetime.datetime | None = None) -> IngestReport:
    """Fetch one source once, store what is new, and record its health.

    One connection per host at a time across every worker: the fetcher holds a lock
    per host within a process, and the shared cache (Redis in production) holds one
    across processes and machines. A source whose host is busy is tried a minute later.
    """

    now = now or timezone.now()
    host_key = f"monitoring:fetching:{_host_of(source.url)}"
    if not cache.add(host_key, source.pk, timeout=HOST_LOCK_SECONDS):
        Source.objects.filter(pk=source.pk).update(next_poll_at=now + datetime.timedelta(minutes=1))
        return IngestReport(errors=["another fetch from the same site is running"])
    try:
        return _poll(source, now=now)
    finally:
        cache.delete(host_key)


def _poll(source: Source, *, now: datetime.datetime) -> IngestReport:
    interval = source.poll_minutes * 60
    try:
        result, parsed = read_feed(source.url, etag=source.etag, last_modified=source.last_modified)
    except Exception as exc:  # a source's failure is recorded, never raised
        if not isinstance(exc, fetch.FetchError | feeds.FeedError):
            # Not a failure the fetcher or parser foresaw: kept in the log with its trace,
            # and on the source like any other, so that polling moves on to the next.
            logger.exception("Unexpected error reading %s", source.url)
        failures = source.consecutive_failures + 1
        retry_after = getattr(exc, "retry_after_seconds", None)
        delay = backoff.next_attempt_delay(failures, interval, retry_after)
        Source.objects.filter(pk=source.pk).update(
            last_checked_at=now,
            last_error=str(exc)[:500],
            last_error_at=now,
            consecutive_failures=failures,
            next_poll_at=now + datetime.timedelta(seconds=delay),
        )
        return IngestReport(errors=[str(exc)])
    next_poll = now + datetime.timedelta(seconds=interval)
    if parsed is None:  # 304 Not Modified: nothing to parse, nothing to store
        Source.objects.filter(pk=source.pk).update(
            last_checked_at=now, last_success_at=now, consecutive_failures=0, next_poll_at=next_poll
        )
        return IngestReport(not_modified=True)
    report = articles_store(items=parsed.items, source=source, now=now)
    report.errors[:0] = parsed.item_errors
    updates: dict[str, Any] = {
        "last_checked_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "item_errors": len(report.errors),
        "next_poll_at": next_poll,
        "etag": (result.etag or "")[:300],
        "last_modified": (result.last_modified or "")[:100],
        "kind": getattr(parsed, "kind", "") or source.kind,
    }
    if result.final_url != source.url:
        updates["page_url"] = source.page_url or source.url
    if report.errors:
        more = len(report.errors) - 1
        updates["last_error"] = (report.errors[0] + (f" (and {more} more)" if more else ""))[:500]
        updates["last_error_at"] = now
    Source.objects.filter(pk=source.pk).update(**updates)
    return report


# A due source is claimed before it is fetched: its next poll is moved this far ahead,
# then the poll sets the real next time. A worker killed mid-poll leaves the claim to run
# out, and the source is polled again after it (articles already stored count as copies).
CLAIM_SECONDS = 15 * 60


def source_claim(*, source: Source, now: datetime.datetime) -> bool:
    """Take a due source for this worker alone. True if this call took it.

    One compare-and-set UPDATE: it moves the next poll only if it is still the time this
    worker read. Of two workers (or machines) that found the source due, whether at the
    same moment or one after the other, the second finds the time changed and leaves it.
    """
    seen = Source.objects.filter(pk=source.pk, enabled=True)
    if source.next_poll_at is None:
        seen = seen.filter(next_poll_at__isnull=True)
    else:
        seen = seen.filter(next_poll_at=source.next_poll_at)
    claimed_until = now + datetime.timedelta(seconds=CLAIM_SECONDS)
    return seen.update(next_poll_at=claimed_until) == 1


def sources_poll_due(*, now: datetime.datetime | None = None) -> int:
    """Poll every enabled source whose time has come and that no other worker has taken.

    Returns how many this call polled. Several workers may run it at once: each source
    is fetched by the one that claims it (`source_claim`).
    """
    now = now or timezone.now()
    due = Source.objects.filter(enabled=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    count = 0
    for source in list(due.order_by("next_poll_at", "pk")[:200]):
        if not source_claim(source=source, now=now):
            continue
        source_poll(source=source, now=now)
        count += 1
    return count


def article_from_url(*, url: str) -> Article:
    """An article for a page an editor pasted: stored once, extracted in isolation."""
    # Deferred: the extractor loads its parser and worker pool; polling never needs it.
    from chorus.monitoring.pipeline.extract import ExtractError, Extractor

    canonical = normalise.canonical_url(url)
    existing = Article.objects.filter(url_key=url_key(canonical)).first()
    if existing is not None:
        return existing
    try:
        result = fetch.fetch(url, allow_hosts=_allow_hosts())
    except fetch.FetchRefused as exc:
        raise CannotAdd(f"Chorus will not fetch that address: {exc}") from exc
    except fetch.FetchError as exc:
        raise CannotAdd(f"The page could not be fetched: {exc}") from exc
    with Extractor(workers=1) as extractor:
        [(_, extracted)] = list(extractor.extract_many([("page", result.body, result.final_url)]))
    if isinstance(extracted, ExtractError):
        raise CannotAdd(f"No article could be read from that page: {extracted}")
    title = normalise.plain_text(extracted.title or "")[:500] or url
    now = timezone.now()
    verdict = classification.current().classify(title, extracted.text)
    return Article.objects.create(
        url=url[:2000],
        url_key=url_key(canonical),
        title=title,
        text=extracted.text,
        language=extracted.language or "und",
        published_at=extracted.published or now,
        fetched_at=now,
        extracted_at=now,
        features=dedupe.features(title, extracted.text, extracted.published).to_json(),
        **verdict.fields(),
    )


# --- Full text for candidates -------------------------------------------------------


def articles_extract_candidates(*, limit: int = 20) -> int:
    """Fetch and extract the full text of relevant articles that only have a feed summary.

    The pages are read in the isolated extractor (a time and memory limit per page),
    so one pathological page fails alone. The article is classified again on its full
    text, and its story's relevance follows. Returns how many were tried.
    """
    # Deferred: the extractor loads its parser and worker pool; polling never needs it.
    from chorus.monitoring.pipeline.extract import ExtractError, Extractor

    candidates = list(
        Article.objects.filter(
            relevant=True, extracted_at__isnull=True, extraction_error="", copy_of__isnull=True
        ).order_by("-published_at")[:limit]
    )
    if not candidates:
        return 0
    pages: list[tuple[str, bytes, str]] = []
    failed: dict[int, str] = {}
    for article in candidates:
        try:
            result = fetch.fetch(article.url, allow_hosts=_allow_hosts())
        except fetch.FetchError as exc:
            failed[article.pk] = str(exc)
            continue
        pages.append((str(article.pk), result.body, result.final_url))
    judge = classification.current()
    now = timezone.now()
    if pages:
        with Extractor(workers=1) as extractor:
            for pk, extracted in extractor.extract_many(pages):
                if isinstance(extracted, ExtractError):
                    failed[int(pk)] = str(extracted)
                    continue
                article = next(a for a in candidates if a.pk == int(pk))
                verdict = judge.classify(article.title, extracted.text)
                fields = {"text": extracted.text, "extracted_at": now, **verdict.fields()}
                Article.objects.filter(pk=article.pk).update(**fields)
                if article.cluster_id and verdict.classification.relevant:
                    StoryCluster.objects.filter(
                        pk=article.cluster_id, relevance__lt=fields["relevance"]
                    ).update(relevance=fields["relevance"])
    for failed_pk, reason in failed.items():
        Article.objects.filter(pk=failed_pk).update(
            extraction_error=reason[:300] or "could not be read", extracted_at=now
        )
    return len(candidates)


# --- Command line ---------------------------------------------------------------------


def cli_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus ingest",
        description="Fetch one feed once, store its new articles, and print what happened "
        'as JSON: {"fetched": n, "new": n, "duplicates": n, "errors": [...]}.',
    )
    parser.add_argument("--url", required=True, help="the feed (or a page that links to it)")
    args = parser.parse_args(argv)
    try:
        _, parsed = read_feed(args.url)
    except fetch.FetchRefused as exc:
        print(f"chorus ingest: refused: {exc}", file=sys.stderr)
        return 3
    except (fetch.FetchError, feeds.FeedError) as exc:
        print(f"chorus ingest: {exc}", file=sys.stderr)
        print(json.dumps(IngestReport(errors=[str(exc)]).as_json()))
        return 1
    source = Source.objects.filter(url=args.url).first()
    report = articles_store(items=parsed.items if parsed else [], source=source)
    report.errors[:0] = parsed.item_errors if parsed else []
    print(json.dumps(report.as_json()))
    return 0
