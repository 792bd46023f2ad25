"""Relevance to migration: staff-editable rules in a small query language, and a model that
learns from the editors' include / exclude decisions.

* The rules are written in the query language of `chorus.monitoring.pipeline.query`
  (``"small boats" OR (channel AND crossing*) AND NOT "cross-channel ferry"``).
* `Rules` are named queries with weights (negative weights exclude); `rules_score` turns the
  rules an article matches into a score in [0, 1].
* `RelevanceModel` learns online (scikit-learn's HashingVectorizer and SGDClassifier with
  `partial_fit`), so every decision an editor makes improves the next day's scores. It is
  stored as numbers only (numpy ``.npz``), never as a pickle.

The tokenised article they read, `Document`, is in `chorus.monitoring.pipeline.documents`.
Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from chorus.monitoring.pipeline.documents import DATA, Document
from chorus.monitoring.pipeline.query import Query, QueryError, Span, parse_query
from chorus.monitoring.pipeline.text import STOPWORDS

__all__ = [
    "Document",
    "Query",
    "QueryError",
    "RelevanceModel",
    "Rule",
    "RuleHit",
    "Rules",
    "default_rules",
    "parse_query",
    "rule_hits",
    "rules_score",
]


# ---------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class Rule:
    """A named query. A positive weight counts towards relevance, a negative one against."""

    name: str
    query: str
    weight: float = 1.0
    compiled: Query = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            compiled = parse_query(self.query)
        except QueryError as exc:
            raise QueryError(f"rule {self.name!r}: {exc}") from None
        object.__setattr__(self, "compiled", compiled)


@dataclass(frozen=True)
class RuleHit:
    rule: Rule
    terms: tuple[str, ...]  # as written in the article
    strength: float  # weight × how strongly the article matched


@dataclass(frozen=True)
class Rules:
    """The relevance rules editors maintain. `threshold` is the score at which a story counts
    as relevant."""

    rules: tuple[Rule, ...]
    threshold: float = 0.5

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rules:
        try:
            items = data["rules"]
            rules = tuple(
                Rule(str(item["name"]), str(item["query"]), float(item.get("weight", 1.0)))
                for item in items
            )
            threshold = float(data.get("threshold", 0.5))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                'rules must look like {"threshold": 0.5, "rules": [{"name": …, "query": …, '
                f'"weight": 1.0}}, …]}} ({exc})'
            ) from None
        if not 0.0 < threshold < 1.0:
            raise ValueError("the relevance threshold must be between 0 and 1")
        return cls(rules, threshold)

    @classmethod
    def from_json(cls, text: str) -> Rules:
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "rules": [{"name": r.name, "query": r.query, "weight": r.weight} for r in self.rules],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The rules shipped with Chorus (`data/relevance_rules.json`)."""
    return Rules.from_json((DATA / "relevance_rules.json").read_text(encoding="utf-8"))


def _distinct_terms(doc: Document, spans: Iterable[Span], limit: int = 4) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for start, end in spans:
        surface = doc.surface(start, end)
        seen.setdefault(surface.casefold(), surface)
        if len(seen) >= limit:
            break
    return tuple(seen.values())


def rule_hits(doc: Document, rules: Rules) -> list[RuleHit]:
    """The rules an article matches, each with how strongly: a match in the headline or
    several mentions count more than one passing mention deep in the text."""
    hits = []
    for rule in rules.rules:
        spans = rule.compiled.match(doc)
        if spans is None:
            continue
        in_title = any(start < doc.title_tokens for start, _ in spans)
        mentions = len(spans)
        if mentions == 0:  # only NOT parts: matches, but says nothing about where
            strength = 0.6
        else:
            strength = (1.0 if in_title else 0.6) + 0.1 * min(mentions - 1, 4)
        hits.append(RuleHit(rule, _distinct_terms(doc, spans), rule.weight * strength))
    return hits


def rules_score(hits: Sequence[RuleHit]) -> float:
    """0 with no evidence, towards 1 as matched rules add up; exclusions subtract."""
    total = sum(hit.strength for hit in hits)
    return 0.0 if total <= 0 else 1.0 - math.exp(-total)


# ---------------------------------------------------------------------------------------------
# The model learned from editors' decisions

_N_FEATURES = 2**18
_FORMAT_VERSION = 1


def _features(doc: Document) -> list[str]:
    """Content words and word pairs; headline words count twice and also on their own."""
    content = [t for t in doc.tokens if len(t) > 1 and t not in STOPWORDS and not t.isdigit()]
    title = [t for t in doc.tokens[: doc.title_tokens] if len(t) > 1 and t not in STOPWORDS]
    pairs = [f"{a} {b}" for a, b in zip(content, content[1:], strict=False)]
    return content + pairs + ["t:" + t for t in title] + title


def _identity(features: list[str]) -> list[str]:
    return features


class RelevanceModel:
    """Learns from editors' include / exclude decisions, one at a time.

    `weight` is how much the model counts against the rules: nothing until editors have both
    included and excluded stories, then more with every decision (half at `half_weight_at`
    balanced decisions, never more than `max_weight`, so that the rules still catch the
    stories editors have never seen the like of).
    """

    def __init__(self, *, half_weight_at: int = 40, max_weight: float = 0.85) -> None:
        # Deferred: scikit-learn is slow to import, and only a model needs it.
        from sklearn.feature_extraction.text import HashingVectorizer
        from sklearn.linear_model import SGDClassifier

        self.half_weight_at = half_weight_at
        self.max_weight = max_weight
        self.included = 0
        self.excluded = 0
        self._vectorizer = HashingVectorizer(
            n_features=_N_FEATURES, analyzer=_identity, alternate_sign=False, norm="l2"
        )
        self._classifier = SGDClassifier(loss="log_loss", alpha=1e-4, random_state=0)

    @property
    def decisions(self) -> int:
        return self.included + self.excluded

    @property
    def weight(self) -> float:
        balanced = 2 * min(self.included, self.excluded)
        return self.max_weight * balanced / (balanced + self.half_weight_at) if balanced else 0.0

    def learn(self, title: str, text: str, included: bool) -> None:
        """Take one editor's decision into account."""
        self.learn_document(Document(title, text), included)

    def learn_document(self, doc: Document, included: bool) -> None:
        x = self._vectorizer.transform([_features(doc)])
        self._classifier.partial_fit(x, [int(included)], classes=[0, 1])
        if included:
            self.included += 1
        else:
            self.excluded += 1

    def probability(self, title: str, text: str) -> float:
        """How likely editors are to include this story, from their decisions so far."""
        return self.probability_document(Document(title, text))

    def probability_document(self, doc: Document) -> float:
        if getattr(self._classifier, "coef_", None) is None:
            return 0.5
        x = self._vectorizer.transform([_features(doc)])
        return float(self._classifier.predict_proba(x)[0, 1])

    def to_bytes(self) -> bytes:
        """The model as a compressed numpy archive of plain numbers (no pickled objects)."""
        coef = getattr(self._classifier, "coef_", None)
        if coef is None:
            indices = np.zeros(0, dtype=np.int32)
            values = np.zeros(0, dtype=np.float64)
            intercept = 0.0
            steps = 0.0
        else:
            row = coef[0]
            indices = np.flatnonzero(row).astype(np.int32)
            values = row[indices].astype(np.float64)
            intercept = float(self._classifier.intercept_[0])
            steps = float(self._classifier.t_)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            version=np.array([_FORMAT_VERSION]),
            n_features=np.array([_N_FEATURES]),
            indices=indices,
            values=values,
            intercept=np.array([intercept]),
            steps=np.array([steps]),
            counts=np.array([self.included, self.excluded]),
            blend=np.array([float(self.half_weight_at), self.max_weight]),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> RelevanceModel:
        """Read a model written by `to_bytes`; raise ValueError for anything else."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(f"not a stored relevance model: {exc}") from None
        try:
            if int(arrays["version"][0]) != _FORMAT_VERSION:
                raise ValueError(f"unknown relevance model version {int(arrays['version'][0])}")
            if int(arrays["n_features"][0]) != _N_FEATURES:
                raise ValueError("the stored relevance model has a different feature size")
            half, top = (float(v) for v in arrays["blend"])
            model = cls(half_weight_at=int(half), max_weight=top)
            included, excluded = (int(v) for v in arrays["counts"])
            model.included, model.excluded = included, excluded
            indices = arrays["indices"].astype(np.int64)
            values = arrays["values"].astype(np.float64)
        except KeyError as exc:
            raise ValueError(f"the stored relevance model lacks {exc}") from None
        if len(indices) != len(values) or (
            len(indices) and (indices.min() < 0 or indices.max() >= _N_FEATURES)
        ):
            raise ValueError("the stored relevance model is damaged")
        if model.decisions:
            coef = np.zeros((1, _N_FEATURES), dtype=np.float64)
            coef[0, indices] = values
            classifier = model._classifier
            # The fitted state of SGDClassifier is these public attributes; with them set,
            # partial_fit carries on exactly where the stored model stopped.
            classifier.coef_ = coef
            classifier.intercept_ = np.array([float(arrays["intercept"][0])])
            classifier.classes_ = np.array([0, 1])
            classifier.t_ = float(arrays["steps"][0])
            classifier.n_features_in_ = _N_FEATURES
        return model
