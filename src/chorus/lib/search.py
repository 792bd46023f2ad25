"""The header's search box: one query, every area that registered a searcher.

Each area registers a searcher from its AppConfig.ready(): the access area a role needs
to see its results (the caller says which areas the user may view; nothing here knows
about roles), a function that finds at most `limit` hits for the query and the viewer,
the address of the area's own filtered list ("more in …") where there is one, and,
for sensitive records, the service that audits a page of results shown. A group the
user may not view is never run: its results, and whether it has any, stay unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
PER_GROUP = 5


@dataclass(frozen=True)
class Hit:
    label: str
    url: str
    detail: str = ""
    pk: Any = None


@dataclass(frozen=True)
class Searcher:
    key: str
    title: str
    access_area: str
    # Called with the viewer, the query and how many hits to return at most.
    find: Callable[[Any, str, int], Sequence[Hit]]
    # The area's own list filtered by the query, or None when it has no such list.
    more_url: Callable[[str], str] | None = None
    # Called with the viewer and the hits shown, for records whose reads are audited.
    audit: Callable[[Any, Sequence[Hit]], None] | None = None
    order: int = 100


_SEARCHERS: dict[str, Searcher] = {}


def register(
    *,
    key: str,
    title: str,
    access_area: str,
    find: Callable[[Any, str, int], Sequence[Hit]],
    more_url: Callable[[str], str] | None = None,
    audit: Callable[[Any, Sequence[Hit]], None] | None = None,
    order: int = 100,
) -> Searcher:
    """Add a searcher (registering the same key again replaces it: ready() may run twice)."""
    searcher = Searcher(
        key=key,
        title=title,
        access_area=access_area,
        find=find,
        more_url=more_url,
        audit=audit,
        order=order,
    )
    _SEARCHERS[key] = searcher
    return searcher


def searchers() -> list[Searcher]:
    return sorted(_SEARCHERS.values(), key=lambda s: (s.order, s.key))


def clean_query(query: str) -> str:
    """The query as searched: spaces collapsed, cut to a sane length."""
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Group:
    searcher: Searcher
    hits: list[Hit]
    # More hits than shown; `more_url` is the area's own list of them, when it has one.
    has_more: bool
    more_url: str


@dataclass(frozen=True)
class Result:
    query: str
    too_short: bool
    groups: list[Group]


def search_run(
    *, actor: Any, query: str, may_view: Callable[[str], bool], per_group: int = PER_GROUP
) -> Result:
    """Run every searcher the user may view, and audit what sensitive searchers showed.

    Each group asks for one hit more than it shows, to know whether to offer "more";
    a group with no hits is left out, and a group the user may not view is not run.
    """
    query = clean_query(query)
    if len(query) < MIN_QUERY_LENGTH:
        return Result(query=query, too_short=bool(query), groups=[])
    groups: list[Group] = []
    for searcher in searchers():
        if not may_view(searcher.access_area):
            continue
        found = list(searcher.find(actor, query, per_group + 1))
        hits, has_more = found[:per_group], len(found) > per_group
        if not hits:
            continue
        if searcher.audit is not None:
            searcher.audit(actor, hits)
        more = searcher.more_url(query) if (has_more and searcher.more_url) else ""
        groups.append(Group(searcher=searcher, hits=hits, has_more=has_more, more_url=more))
    return Result(query=query, too_short=False, groups=groups)
