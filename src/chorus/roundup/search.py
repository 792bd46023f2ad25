"""Article search over everything ingested, in the database's own full-text index.

Results come most recently collected first (the highest id: an index order on both
engines, so no sort over every match), a page at a time, without a total count: counting every
match of a common word over a million articles would cost more than the page itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

from chorus.roundup.models import Article

_WORD = re.compile(r"[\w'-]+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class SearchPage:
    articles: list[Article]
    has_next: bool
    terms: list[str]


def terms_of(query: str) -> list[str]:
    """The words of a query: letters, digits, apostrophes and hyphens; at most twelve."""
    words = [w.strip("'-") for w in _WORD.findall(query)]
    return [w for w in words if w][:MAX_TERMS]


def _fts5_query(terms: list[str]) -> str:
    # Each word quoted, so nothing the user types is read as FTS5 syntax (AND, NEAR, *, :).
    return " ".join('"' + t.replace('"', "") + '"' for t in terms)


def matching_ids(query: str, *, limit: int, offset: int = 0) -> list[int]:
    """Ids of articles matching every word of `query`, most recently collected first."""
    terms = terms_of(query)
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM roundup_article"
                " WHERE search_vector @@ plainto_tsquery('english', %s)"
                " ORDER BY id DESC LIMIT %s OFFSET %s",
                [" ".join(terms), limit, offset],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM roundup_article_fts WHERE roundup_article_fts MATCH %s"
                " ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [_fts5_query(terms), limit, offset],
            )
        else:  # pragma: no cover - only the two supported engines
            raise NotImplementedError(connection.vendor)
        return [row[0] for row in cursor.fetchall()]


def search_articles(query: str, *, page: int = 1, per_page: int = 25) -> SearchPage:
    page = max(page, 1)
    ids = matching_ids(query, limit=per_page + 1, offset=(page - 1) * per_page)
    has_next = len(ids) > per_page
    ids = ids[:per_page]
    by_id = Article.objects.select_related("source", "outlet", "cluster").in_bulk(ids)
    return SearchPage(
        articles=[by_id[i] for i in ids if i in by_id],
        has_next=has_next,
        terms=terms_of(query),
    )
