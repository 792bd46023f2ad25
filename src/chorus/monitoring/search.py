"""What the header's search box finds in monitoring: articles, through the same
full-text index as the article search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from chorus.lib import search
from chorus.lib.search import Hit
from chorus.monitoring.selectors import matching_articles


def find_articles(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    return [
        Hit(
            label=article.title,
            url=reverse("monitoring:article_detail", args=[article.pk]),
            detail=", ".join(
                part
                for part in (
                    article.publisher.name if article.publisher else "",
                    f"{article.published_at:%d %b %Y}" if article.published_at else "",
                )
                if part
            ),
            pk=article.pk,
        )
        for article in matching_articles(query, offset=0, limit=limit)
    ]


def register_searchers() -> None:
    search.register(
        key="articles",
        title="Articles",
        access_area="monitoring",
        find=find_articles,
        more_url=lambda q: f"{reverse('monitoring:article_list')}?{urlencode({'q': q})}",
        order=70,
    )
