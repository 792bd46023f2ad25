"""Monitoring records for tests: sources, articles and clusters without running the pipeline."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from chorus.monitoring.models import Article, NewsRegion, Source, StoryCluster

_counter = itertools.count(1)


def make_source(**fields: Any) -> Source:
    n = next(_counter)
    defaults: dict[str, Any] = {"name": f"Example feed {n}", "url": f"https://example.org/{n}.xml"}
    defaults.update(fields)
    return Source.objects.create(**defaults)


def make_article(
    title: str,
    *,
    cluster: StoryCluster | None = None,
    source: Source | None = None,
    published_at: datetime.datetime | None = None,
    relevance: float = 0.8,
    region: str = NewsRegion.UK,
    summary: str = "",
    **fields: Any,
) -> Article:
    n = next(_counter)
    published_at = published_at or timezone.now() - datetime.timedelta(hours=2)
    return Article.objects.create(
        url=fields.pop("url", f"https://example.org/news/{n}"),
        url_key=f"test-{n}",
        title=title,
        summary=summary or f"<p>{title}. More detail follows in the report.</p>",
        published_at=published_at,
        relevance=relevance,
        relevant=relevance >= 0.5,
        region=region,
        source=source,
        cluster=cluster,
        **fields,
    )


def make_story(
    title: str,
    *,
    outlets: list[Source] | None = None,
    relevance: float = 0.8,
    region: str = NewsRegion.UK,
    published_at: datetime.datetime | None = None,
) -> StoryCluster:
    """A cluster with one article per source (or one without a source)."""
    published_at = published_at or timezone.now() - datetime.timedelta(hours=2)
    cluster = StoryCluster.objects.create(
        key=f"c{next(_counter)}",
        headline=title,
        first_seen_at=published_at,
        last_seen_at=published_at,
        relevance=relevance if relevance >= 0.5 else 0.0,
        region=region,
        article_count=len(outlets or [None]),
        outlet_count=len(outlets or [None]),
    )
    for i, source in enumerate(outlets or [None]):
        make_article(
            title if i == 0 else f"{title} ({source.name if source else i})",
            cluster=cluster,
            source=source,
            relevance=relevance - i * 0.01,
            region=region,
            published_at=published_at + datetime.timedelta(minutes=i),
        )
    return cluster
