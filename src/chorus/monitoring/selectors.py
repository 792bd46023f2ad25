"""Article search over everything ingested, in the database's own full-text index.

Results come most recently collected first (the highest id: an index order on both
engines, so no sort over every match), a page at a time, without a total count: counting every
match of a common word over a million articles would cost more than the page itself.

On PostgreSQL the search runs in two steps, because no single plan is fast for both kinds
of word. A common word fills a page from the newest articles at once, by walking the
primary key backwards; a rare word (or one matching nothing) would make that walk read
every row, and is found through the GIN index instead, which for a common word would
read every match. The planner cannot tell the two apart (it has no statistics for a word
it has not sampled), so: first the newest `RECENT_WINDOW` articles, walked backwards; only
when they hold too few matches for the page, the older ones through the GIN index, which
are then few enough to sort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection

from chorus.monitoring.models import Article

_WORD = re.compile(r"[\w'-]+", re.UNICODE)
MAX_TERMS = 12
RECENT_WINDOW = 20_000
"""How many of the newest articles PostgreSQL searches by walking them before using GIN."""


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
            return _postgresql_ids(cursor, " ".join(terms), limit=limit, offset=offset)
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM roundup_article_fts WHERE roundup_article_fts MATCH %s"
                " ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [_fts5_query(terms), limit, offset],
            )
        else:  # pragma: no cover - only the two supported engines
            raise NotImplementedError(connection.vendor)
        return [row[0] for row in cursor.fetchall()]


def _postgresql_ids(cursor: Any, text: str, *, limit: int, offset: int) -> list[int]:
    wanted = offset + limit
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM roundup_article")
    floor = int(cursor.fetchone()[0]) - RECENT_WINDOW
    cursor.execute(
        "SELECT id FROM roundup_article"
        " WHERE id > %s AND search_vector @@ plainto_tsquery('english', %s)"
        " ORDER BY id DESC LIMIT %s",
        [floor, text, wanted],
    )
    ids = [row[0] for row in cursor.fetchall()]
    if len(ids) < wanted and floor > 0:
        # MATERIALIZED keeps the planner from walking the primary key again for ORDER BY.
        cursor.execute(
            "WITH older AS MATERIALIZED ("
            " SELECT id FROM roundup_article"
            " WHERE id <= %s AND search_vector @@ plainto_tsquery('english', %s))"
            " SELECT id FROM older ORDER BY id DESC LIMIT %s",
            [floor, text, wanted - len(ids)],
        )
        ids += [row[0] for row in cursor.fetchall()]
    return ids[offset:]


def count_matches(query: str) -> int:
    """How many articles match every word of `query`.

    Costly for a common word: only asked when a page past the last one is asked for.
    """
    terms = terms_of(query)
    if not terms:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM roundup_article"
                " WHERE search_vector @@ plainto_tsquery('english', %s)",
                [" ".join(terms)],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM roundup_article_fts WHERE roundup_article_fts MATCH %s",
                [_fts5_query(terms)],
            )
        else:  # pragma: no cover - only the two supported engines
            raise NotImplementedError(connection.vendor)
        return int(cursor.fetchone()[0])


def matching_articles(query: str, *, offset: int, limit: int) -> list[Article]:
    """Articles matching `query`, most recently collected first, from `offset`."""
    ids = matching_ids(query, limit=limit, offset=offset)
    by_id = Article.objects.select_related("source", "publisher", "cluster").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def search_articles(query: str, *, page: int = 1, per_page: int = 25) -> SearchPage:
    page = max(page, 1)
    articles = matching_articles(query, offset=(page - 1) * per_page, limit=per_page + 1)
    return SearchPage(
        articles=articles[:per_page],
        has_next=len(articles) > per_page,
        terms=terms_of(query),
    )
