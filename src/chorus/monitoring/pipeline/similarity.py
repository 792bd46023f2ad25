"""Features of one article and how alike two articles are: the scoring behind `dedupe`.

`features()` turns an article into a compact, JSON-able `ArticleFeatures`; `story_score()`
compares two of them; `assign_story()` finds the story a new article belongs to among recent
ones. The approach, the weights and the thresholds are explained in `dedupe.py`.

Plain functions over plain data; must never touch the database, settings or the network.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from chorus.monitoring.pipeline import embedding
from chorus.monitoring.pipeline.minhash import (
    COPY_THRESHOLD,
    NUM_PERM,
    estimated_jaccard,
    minhash_signature,
)
from chorus.monitoring.pipeline.text import content_terms, entities, is_cased, sentences, words

MAX_STORY_GAP = timedelta(days=4)
"""Reports of one event appear within a day or two; follow-ups after four days are new stories."""
WEIGHT_EMBEDDING = 0.5
WEIGHT_TERMS = 0.1
WEIGHT_ENTITIES = 0.4
STORY_THRESHOLD = 0.43
"""Combined score from which two articles are the same story (with embeddings)."""
STORY_THRESHOLD_CASELESS = 0.53
"""For text without capital letters (Arabic, Chinese…), whose names cannot be picked out:
embedding and words only, weights rescaled to sum to 1, threshold set on the evaluation set
with the names left out (F1 stays within 0.01 of its best from 0.51 to 0.56)."""
STORY_THRESHOLD_NO_EMBEDDING = 0.25
"""The same without embeddings: words and names only, which score lower for rewrites."""
ENTITY_SMOOTHING = 3.0
"""Added to the smaller entity count, so that two short texts sharing one name do not score 1."""
MIN_TITLE_WORDS = 4
"""Identical headlines this long are copies; "Letters" or "Weather" are not."""
MAX_TERMS = 200
MAX_ENTITIES = 80


@dataclass(frozen=True, slots=True)
class ArticleIn:
    id: str
    title: str
    text: str
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What clustering needs of one article: 2–6 KB as JSON, picklable, no raw text."""

    signature: tuple[int, ...]
    title_key: str
    terms: dict[str, float]
    entities: tuple[str, ...]
    embedding: str | None = None
    published: datetime | None = None
    cluster: str | None = None
    cased: bool = True
    _vector: Any = field(default=None, compare=False, repr=False)

    def with_cluster(self, cluster: str) -> ArticleFeatures:
        return replace(self, cluster=cluster)

    def vector(self) -> npt.NDArray[np.float32] | None:
        if self.embedding is None:
            return None
        if self._vector is None:
            object.__setattr__(self, "_vector", embedding.unpack(self.embedding))
        return self._vector

    def to_json(self) -> dict[str, Any]:
        return {
            "signature": list(self.signature),
            "title_key": self.title_key,
            "terms": self.terms,
            "entities": list(self.entities),
            "embedding": self.embedding,
            "published": self.published.isoformat() if self.published else None,
            "cluster": self.cluster,
            "cased": self.cased,
        }

    @classmethod
    def from_json(
        cls, first: dict[str, Any] | str, data: dict[str, Any] | None = None
    ) -> ArticleFeatures:
        """Features from `to_json()` output: `from_json(data)`, or `from_json(cluster, data)`
        to set the cluster at the same time (for instance to the stored article's id)."""
        if isinstance(first, str):
            if data is None:
                raise ValueError("from_json(cluster, data) needs the data")
            return replace(cls.from_json(data), cluster=first)
        data = first
        signature = tuple(int(v) for v in data["signature"])
        if len(signature) != NUM_PERM:
            raise ValueError("wrong signature length")
        published = data.get("published")
        return cls(
            signature=signature,
            title_key=str(data.get("title_key", "")),
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            entities=tuple(str(e) for e in data.get("entities", ())),
            embedding=data.get("embedding"),
            published=datetime.fromisoformat(published) if published else None,
            cluster=data.get("cluster"),
            cased=bool(data.get("cased", True)),
        )


def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)  # naive times are taken as UTC
    return moment


def _weighted_terms(title: str, text: str) -> dict[str, float]:
    parts = sentences(text)
    lead, rest = " ".join(parts[:2]), " ".join(parts[2:])
    counts: defaultdict[str, float] = defaultdict(float)
    for weight, chunk in ((2.0, title), (1.5, lead), (1.0, rest)):
        for term in content_terms(chunk):
            counts[term] += weight
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    weights = {t: 1.0 + math.log(c) for t, c in top}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: round(w / norm, 4) for t, w in weights.items()}


def features(
    title: str,
    text: str,
    published: datetime | None,
    *,
    embed: bool = True,
    vector: npt.NDArray[np.float32] | None = None,
) -> ArticleFeatures:
    """The compact representation of one article that `assign_story` and `cluster` compare.

    `embed=False` skips the sentence embedding (about 25 ms an article): faster, but
    reports in different languages or in very different words are then less often matched.
    `vector` passes an embedding computed beforehand (`embedding.embed` of title + text,
    which is faster for many articles at once).
    """
    if vector is None and embed:
        vector = embedding.embed([f"{title}\n{text}"])[0]
    body = text if text.strip() else title
    return ArticleFeatures(
        signature=minhash_signature(body),
        title_key=" ".join(words(title)),
        terms=_weighted_terms(title, text),
        entities=tuple(
            sorted(e for e, _ in entities(f"{title}.\n{text}").most_common(MAX_ENTITIES))
        ),
        embedding=embedding.pack(vector) if vector is not None else None,
        published=aware(published),
        cased=is_cased(f"{title} {text}"),
    )


def is_copy(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    if a.title_key and a.title_key == b.title_key and len(a.title_key.split()) >= MIN_TITLE_WORDS:
        return True
    return estimated_jaccard(a.signature, b.signature) >= COPY_THRESHOLD


def _too_far_apart(a: ArticleFeatures, b: ArticleFeatures) -> bool:
    if a.published is None or b.published is None:
        return False
    return abs(a.published - b.published) > MAX_STORY_GAP


def _entity_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    shared = len(set(a) & set(b))
    return shared / (min(len(a), len(b)) + ENTITY_SMOOTHING)


def scaled_score(
    emb: npt.NDArray[np.floating[Any]] | float | None,
    terms: npt.NDArray[np.floating[Any]] | float,
    ents: npt.NDArray[np.floating[Any]] | float,
    cased: npt.NDArray[np.bool_] | bool,
) -> npt.NDArray[np.float64]:
    """The combined story score divided by its threshold (same story from 1.0), for single
    pairs or whole matrices. `emb` None: no embeddings; `cased` False: names not measurable."""
    if emb is None:
        words_and_names = (WEIGHT_TERMS * terms + WEIGHT_ENTITIES * ents) / (
            WEIGHT_TERMS + WEIGHT_ENTITIES
        )
        return np.asarray(words_and_names / STORY_THRESHOLD_NO_EMBEDDING, dtype=np.float64)
    with_names = (WEIGHT_EMBEDDING * emb + WEIGHT_TERMS * terms + WEIGHT_ENTITIES * ents) / (
        STORY_THRESHOLD
    )
    without_names = (WEIGHT_EMBEDDING * emb + WEIGHT_TERMS * terms) / (
        (WEIGHT_EMBEDDING + WEIGHT_TERMS) * STORY_THRESHOLD_CASELESS
    )
    return np.asarray(np.where(cased, with_names, without_names), dtype=np.float64)


def story_score(a: ArticleFeatures, b: ArticleFeatures) -> float:
    """How strongly two articles look like the same story, scaled so that 1.0 is the threshold.

    Copies score 2.0 or more; articles too far apart in time (and not copies) score 0.
    """
    if is_copy(a, b):
        return 2.0 + estimated_jaccard(a.signature, b.signature)
    if _too_far_apart(a, b):
        return 0.0
    va, vb = a.vector(), b.vector()
    emb = float(va @ vb) if va is not None and vb is not None else None
    terms = sum(w * b.terms.get(t, 0.0) for t, w in a.terms.items())
    ents = _entity_overlap(a.entities, b.entities)
    return float(scaled_score(emb, terms, ents, a.cased and b.cased))


def assign_story(new: ArticleFeatures, recent: Sequence[ArticleFeatures]) -> str | None:
    """The cluster of the recent article that best matches `new`, or None for a new story.

    Every recent article must carry its cluster (`features(...).with_cluster(cluster_id)`).
    """
    best: tuple[float, str] | None = None
    for other in recent:
        if other.cluster is None:
            raise ValueError("recent articles must carry their cluster")
        score = story_score(new, other)
        if score >= 1.0 and (best is None or score > best[0]):
            best = (score, other.cluster)
    return best[1] if best else None
