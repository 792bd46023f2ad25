"""Topics (an editable taxonomy of queries) and region (UK / Europe / International, from a
gazetteer of place names and institutions) of a round-up story.

Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chorus.monitoring.pipeline.documents import DATA, Document, PhraseTrie, term_tokens
from chorus.monitoring.pipeline.query import Query, QueryError, parse_query

__all__ = [
    "Gazetteer",
    "Region",
    "Taxonomy",
    "Topic",
    "TopicMatch",
    "assign_topics",
    "default_gazetteer",
    "default_taxonomy",
    "detect_region",
]


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy: given when `query` matches at least `min_hits` times (a match
    in the headline counts twice), or, with `when_lived_experience`, whenever a person with
    lived experience is quoted."""

    label: str
    query: str
    min_hits: int = 2
    when_lived_experience: bool = False
    compiled: Query = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("a topic needs a label")
        try:
            compiled = parse_query(self.query)
        except QueryError as exc:
            raise QueryError(f"topic {self.label!r}: {exc}") from None
        object.__setattr__(self, "compiled", compiled)


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        try:
            return cls(
                tuple(
                    Topic(
                        label=str(item["label"]),
                        query=str(item["query"]),
                        min_hits=int(item.get("min_hits", 2)),
                        when_lived_experience=bool(item.get("when_lived_experience", False)),
                    )
                    for item in data["topics"]
                )
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                'a taxonomy must look like {"topics": [{"label": …, "query": …, "min_hits": 2}, '
                f"…]}} ({exc!r})"
            ) from None

    @classmethod
    def from_json(cls, text: str) -> Taxonomy:
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": [
                {
                    "label": t.label,
                    "query": t.query,
                    "min_hits": t.min_hits,
                    "when_lived_experience": t.when_lived_experience,
                }
                for t in self.topics
            ]
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The taxonomy shipped with Chorus (`data/topics.json`)."""
    return Taxonomy.from_json((DATA / "topics.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class TopicMatch:
    label: str
    hits: float
    terms: tuple[str, ...]


def assign_topics(
    doc: Document, taxonomy: Taxonomy, *, lived_experience_voice: bool = False
) -> list[TopicMatch]:
    """The topics of a story, most strongly matched first."""
    found = []
    for topic in taxonomy.topics:
        spans = topic.compiled.match(doc) or []
        hits = sum(2.0 if start < doc.title_tokens else 1.0 for start, _ in spans)
        terms = tuple(dict.fromkeys(doc.surface(s, e) for s, e in spans))[:4]
        if spans and hits >= topic.min_hits:
            found.append(TopicMatch(topic.label, hits, terms))
        elif topic.when_lived_experience and lived_experience_voice:
            found.append(TopicMatch(topic.label, max(hits, 1.0), terms))
    found.sort(key=lambda match: -match.hits)
    return found


# ---------------------------------------------------------------------------------------------
# Region


@dataclass(frozen=True)
class Region:
    name: str | None  # "UK", "Europe", "International" or None when no place is named
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Names per region, each with a weight (places and institutions 1, demonyms ½…)."""

    names: tuple[tuple[str, str, float], ...]  # (region, name, weight)
    title_weight: float = 2.0
    _trie: PhraseTrie = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        trie = PhraseTrie()
        for region, name, weight in self.names:
            words, prefix = term_tokens(name)
            if not words:
                raise ValueError(f"the place name {name!r} has no letters")
            node = trie.add(words, prefix)
            if node.entry is None or weight > node.entry[2]:
                node.entry = (region, name, weight)
        object.__setattr__(self, "_trie", trie)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gazetteer:
        weights = data.get("weights", {})
        names: list[tuple[str, str, float]] = []
        for region, kinds in data["regions"].items():
            scale = float(weights.get(region, 1.0))
            for kind, entries in kinds.items():
                weight = float(weights.get(kind, 1.0)) * scale
                names.extend((str(region), str(name), weight) for name in entries)
        return cls(tuple(names), float(weights.get("title", 2.0)))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with Chorus (`data/gazetteer.json`)."""
    return Gazetteer.from_dict(json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8")))


def _written_as_name(surface: str, name: str) -> bool:
    """Place names count only as written as names: "Reading" the town, not "reading"."""
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):  # UK, EU, NHS: exactly in capitals
        return [c for c in surface if c.isalpha()] == letters
    return surface[:1].isupper()


_ORDER = {"UK": 0, "Europe": 1, "International": 2}


def detect_region(doc: Document, gazetteer: Gazetteer) -> Region:
    """The region a story is mostly about, from the names it mentions (headline counts more)."""
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for start, end, (region, name, weight) in gazetteer._trie.scan(doc.tokens):
        surface = doc.surface(start, end)
        if not _written_as_name(surface, name):
            continue
        in_title = start < doc.title_tokens
        scores[region] = scores.get(region, 0.0) + weight * (
            gazetteer.title_weight if in_title else 1.0
        )
        evidence.setdefault(region, []).append(surface)
    if not scores:
        return Region(None, ())
    best = min(scores, key=lambda r: (-scores[r], _ORDER.get(r, 9), r))
    return Region(best, tuple(dict.fromkeys(evidence[best]))[:4])
