"""Relevance to migration: staff-editable rules in a small query language, and a model that
learns from the editors' include / exclude decisions.

* `parse_query` reads queries such as ``"small boats" OR (channel AND crossing*) AND NOT
  "cross-channel ferry"``: words, "quoted phrases", a trailing ``*`` for any ending, AND, OR,
  NOT, ``a NEAR/5 b`` and brackets. Words next to each other mean AND. NOT binds tightest,
  then NEAR, then AND, then OR, as in most search boxes. Matching ignores case and accents;
  "don't" matches "do not" and "Britain's" matches "Britain".
* `Rules` are named queries with weights (negative weights exclude); `rules_score` turns the
  rules an article matches into a score in [0, 1].
* `RelevanceModel` learns online (scikit-learn's HashingVectorizer and SGDClassifier with
  `partial_fit`), so every decision an editor makes improves the next day's scores. It is
  stored as numbers only (numpy ``.npz``), never as a pickle.

Also home of `Document`, the tokenised article that queries, lexicons and gazetteers read.
Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import bisect
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from chorus.monitoring.pipeline.text import STOPWORDS, fold

__all__ = [
    "Document",
    "PhraseTrie",
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
    "tokenize",
]

DATA = resources.files("chorus.monitoring.pipeline") / "data"

# ---------------------------------------------------------------------------------------------
# Tokens

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NOT_SUFFIX = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
_CLITICS = {"re": "are", "ve": "have", "ll": "will", "m": "am", "d": "would"}


def _split_word(folded: str) -> list[str]:
    """ "don't" → do not, "they're" → they are, "Britain's" → britain, "cannot" → can not."""
    folded = folded.replace("’", "'")
    if "'" not in folded:
        return ["can", "not"] if folded == "cannot" else [folded]
    if folded.endswith("n't"):
        base = folded[:-3]
        return [_NOT_SUFFIX.get(base, base), "not"] if base else ["not"]
    base, _, clitic = folded.rpartition("'")
    if clitic == "s":
        return [base]
    if clitic in _CLITICS:
        return [base, _CLITICS[clitic]]
    return [folded]


def tokenize(text: str) -> tuple[list[str], list[int], list[int]]:
    """Folded tokens with the character span each comes from (contractions share a span)."""
    tokens: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ascii_text = text.isascii()
    # Lower-casing ASCII text keeps every offset, so it can be done once for the whole text.
    source = text.lower() if ascii_text else text
    for match in _WORD.finditer(source):
        word = match.group()
        start, end = match.span()
        folded = word if ascii_text else fold(word)
        if "'" in folded or "’" in folded or folded == "cannot":
            for token in _split_word(folded):
                tokens.append(token)
                starts.append(start)
                ends.append(end)
        else:
            tokens.append(folded)
            starts.append(start)
            ends.append(end)
    return tokens, starts, ends


def term_tokens(term: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A lexicon or query term as tokens, each flagged when it ends in ``*`` (any ending)."""
    words: list[str] = []
    prefix: list[bool] = []
    for part in term.split():
        wildcard = part.endswith("*")
        tokens, _, _ = tokenize(part.rstrip("*"))
        words.extend(tokens)
        prefix.extend([False] * len(tokens))
        if wildcard and tokens:
            prefix[-1] = True
    return tuple(words), tuple(prefix)


class Document:
    """An article tokenised once, for every rule, topic, lexicon and gazetteer to read.

    The title comes first; `title_tokens` says how many tokens it has, so that a match in the
    headline can count for more.
    """

    __slots__ = ("_vocabulary", "index", "ends", "starts", "text", "title_tokens", "tokens")

    def __init__(self, title: str, text: str) -> None:
        title = title.strip()
        self.text = f"{title}\n\n{text}" if title else text
        self.tokens, self.starts, self.ends = tokenize(self.text)
        cut = len(title)
        self.title_tokens = bisect.bisect_left(self.starts, cut) if title else 0
        index: dict[str, list[int]] = {}
        for position, token in enumerate(self.tokens):
            if token in index:
                index[token].append(position)
            else:
                index[token] = [position]
        self.index = index
        self._vocabulary: list[str] | None = None

    def __len__(self) -> int:
        return len(self.tokens)

    def positions(self, token: str, prefix: bool = False) -> list[int]:
        """Where a token (or, with `prefix`, any token starting with it) occurs, in order."""
        if not prefix:
            return self.index.get(token, [])
        if self._vocabulary is None:
            self._vocabulary = sorted(self.index)
        vocabulary = self._vocabulary
        found: list[int] = []
        at = bisect.bisect_left(vocabulary, token)
        while at < len(vocabulary) and vocabulary[at].startswith(token):
            found.extend(self.index[vocabulary[at]])
            at += 1
        return sorted(found)

    def surface(self, start: int, end: int) -> str:
        """The original text of tokens [start, end), as written."""
        return self.text[self.starts[start] : self.ends[end - 1]]


class PhraseTrie:
    """Longest-match lookup of phrases over tokens; words ending in * match any ending, and a
    word ending in "s" also matches the listed word without it (plurals)."""

    __slots__ = ("children", "entry", "wild")

    def __init__(self) -> None:
        self.children: dict[str, PhraseTrie] = {}
        self.wild: dict[str, list[tuple[str, PhraseTrie]]] = {}
        self.entry: Any = None

    def add(self, words: Sequence[str], prefix: Sequence[bool]) -> PhraseTrie:
        node = self
        for word, wildcard in zip(words, prefix, strict=True):
            if wildcard:
                bucket = node.wild.setdefault(word[:3], [])
                for existing, child in bucket:
                    if existing == word:
                        node = child
                        break
                else:
                    child = PhraseTrie()
                    bucket.append((word, child))
                    node = child
            else:
                node = node.children.setdefault(word, PhraseTrie())
        return node

    def longest(self, tokens: Sequence[str], start: int) -> tuple[int, Any]:
        """(end, entry) of the longest phrase starting at `start`, or (start, None)."""
        first = tokens[start]
        if (
            first not in self.children
            and first[:3] not in self.wild
            and not (first.endswith("s") and first[:-1] in self.children)
        ):
            return start, None  # the usual case: no phrase starts with this word
        best_end, best = start, None
        stack = [(self, start)]
        n = len(tokens)
        while stack:
            node, at = stack.pop()
            if node.entry is not None and at > best_end:
                best_end, best = at, node.entry
            if at >= n:
                continue
            token = tokens[at]
            child = node.children.get(token)
            if child is not None:
                stack.append((child, at + 1))
            elif len(token) > 3 and token.endswith("s"):
                # Plurals of listed words: "time bombs" for "time bomb".
                child = node.children.get(token[:-1])
                if child is not None:
                    stack.append((child, at + 1))
            for word, wild_child in node.wild.get(token[:3], ()):
                if token.startswith(word):
                    stack.append((wild_child, at + 1))
        return best_end, best

    def scan(self, tokens: Sequence[str], start: int = 0, end: int | None = None) -> list[Any]:
        """Non-overlapping longest matches, left to right, as (start, end, entry)."""
        stop = len(tokens) if end is None else end
        found = []
        at = start
        while at < stop:
            match_end, entry = self.longest(tokens, at)
            if entry is not None and match_end <= stop:
                found.append((at, match_end, entry))
                at = match_end
            else:
                at += 1
        return found


# ---------------------------------------------------------------------------------------------
# The query language


class QueryError(ValueError):
    """A query that cannot be read; the message says where and why, for the person who typed it."""


Span = tuple[int, int]


@dataclass(frozen=True)
class _Term:
    source: str
    words: tuple[str, ...]
    prefix: tuple[bool, ...]

    def spans(self, doc: Document) -> list[Span]:
        first = doc.positions(self.words[0], self.prefix[0])
        if len(self.words) == 1:
            return [(p, p + 1) for p in first]
        tokens = doc.tokens
        length = len(self.words)
        found = []
        for p in first:
            if p + length > len(tokens):
                break
            for offset in range(1, length):
                token = tokens[p + offset]
                word = self.words[offset]
                if not (token.startswith(word) if self.prefix[offset] else token == word):
                    break
            else:
                found.append((p, p + length))
        return found

    def match(self, doc: Document) -> list[Span] | None:
        return self.spans(doc) or None


@dataclass(frozen=True)
class _Near:
    left: _Node
    right: _Node
    distance: int

    def match(self, doc: Document) -> list[Span] | None:
        lefts = self.left.match(doc)
        rights = self.right.match(doc)
        if not lefts or not rights:
            return None
        found: set[Span] = set()
        for a in lefts:
            for b in rights:
                gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
                if 0 <= gap <= self.distance:
                    found.update((a, b))
        return sorted(found) or None


@dataclass(frozen=True)
class _And:
    parts: tuple[_Node, ...]

    def match(self, doc: Document) -> list[Span] | None:
        spans: list[Span] = []
        for part in self.parts:
            found = part.match(doc)
            if found is None:
                return None
            spans.extend(found)
        return spans


@dataclass(frozen=True)
class _Or:
    parts: tuple[_Node, ...]

    def match(self, doc: Document) -> list[Span] | None:
        spans: list[Span] = []
        matched = False
        for part in self.parts:
            found = part.match(doc)
            if found is not None:
                matched = True
                spans.extend(found)
        return spans if matched else None


@dataclass(frozen=True)
class _Not:
    part: _Node

    def match(self, doc: Document) -> list[Span] | None:
        return None if self.part.match(doc) is not None else []


_Node = _Term | _Near | _And | _Or | _Not


@dataclass(frozen=True)
class Query:
    """A parsed query. `match` gives the token spans that made it true, or None."""

    text: str
    root: _Node = field(repr=False, compare=False)

    def match(self, doc: Document) -> list[Span] | None:
        found = self.root.match(doc)
        return None if found is None else sorted(set(found))


_NEAR = re.compile(r"NEAR/(\d+)$", re.IGNORECASE)
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass
class _Lexeme:
    kind: str  # "(", ")", "AND", "OR", "NOT", "NEAR", "TERM"
    text: str
    at: int  # 1-based character position, for messages
    distance: int = 0


def _lex(text: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append(_Lexeme(c, c, i + 1))
            i += 1
        elif c in '"“”':
            close = min(
                (j for j in (text.find('"', i + 1), text.find("”", i + 1)) if j != -1),
                default=-1,
            )
            if close == -1:
                raise QueryError(f"the quote opened at character {i + 1} is never closed")
            phrase = text[i + 1 : close]
            if not phrase.strip():
                raise QueryError(f"the quotes at character {i + 1} have nothing between them")
            out.append(_Lexeme("TERM", phrase, i + 1))
            i = close + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"“”':
                j += 1
            word = text[i:j]
            near = _NEAR.match(word)
            if word.upper() in _OPERATORS:
                out.append(_Lexeme(word.upper(), word, i + 1))
            elif near:
                out.append(_Lexeme("NEAR", word, i + 1, int(near.group(1))))
            elif word.upper().startswith("NEAR/") or word.upper() == "NEAR":
                raise QueryError(
                    f"{word!r} at character {i + 1}: NEAR needs a distance in words, "
                    "for example NEAR/5"
                )
            else:
                out.append(_Lexeme("TERM", word, i + 1))
            i = j
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.lexemes = _lex(text)
        self.at = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def parse(self) -> _Node:
        if not self.lexemes:
            raise QueryError("the query is empty")
        node = self.parse_or()
        extra = self.peek()
        if extra is not None:
            if extra.kind == ")":
                raise QueryError(f"the ) at character {extra.at} has no matching (")
            raise QueryError(f"unexpected {extra.text!r} at character {extra.at}")
        return node

    def parse_or(self) -> _Node:
        parts = [self.parse_and()]
        while (lexeme := self.peek()) is not None and lexeme.kind == "OR":
            self.take()
            parts.append(self.parse_and(after=lexeme))
        return parts[0] if len(parts) == 1 else _Or(tuple(parts))

    def parse_and(self, after: _Lexeme | None = None) -> _Node:
        parts = [self.parse_unary(after)]
        while (lexeme := self.peek()) is not None and lexeme.kind in ("AND", "TERM", "(", "NOT"):
            if lexeme.kind == "AND":
                self.take()
                parts.append(self.parse_unary(after=lexeme))
            else:  # words side by side mean AND
                parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else _And(tuple(parts))

    def parse_unary(self, after: _Lexeme | None = None) -> _Node:
        lexeme = self.peek()
        if lexeme is None or lexeme.kind in ("AND", "OR", ")", "NEAR"):
            if after is not None:
                raise QueryError(
                    f"{after.text} at character {after.at} needs a word, phrase or ( after it"
                )
            if lexeme is None:
                raise QueryError("the query ends too early")
            if lexeme.kind == ")":
                raise QueryError(f"the ) at character {lexeme.at} has no matching (")
            raise QueryError(
                f"{lexeme.text} at character {lexeme.at} needs a word or phrase before it"
            )
        if lexeme.kind == "NOT":
            self.take()
            return _Not(self.parse_unary(after=lexeme))
        return self.parse_near()

    def parse_near(self) -> _Node:
        left = self.parse_primary()
        while (lexeme := self.peek()) is not None and lexeme.kind == "NEAR":
            self.take()
            following = self.peek()
            if following is None or following.kind not in ("TERM", "("):
                raise QueryError(
                    f"{lexeme.text} at character {lexeme.at} joins two words, phrases or "
                    "bracketed groups, for example channel NEAR/3 (crossing* OR boat*)"
                )
            right = self.parse_primary()
            if _has_not(left) or _has_not(right):
                raise QueryError(
                    f"{lexeme.text} at character {lexeme.at}: NOT cannot be used inside NEAR "
                    "(nothing to measure a distance from); put NOT outside it"
                )
            left = _Near(left, right, lexeme.distance)
        return left

    def parse_primary(self) -> _Node:
        lexeme = self.take()
        if lexeme.kind == "(":
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise QueryError(f"the brackets at character {lexeme.at} are empty")
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QueryError(f"the ( at character {lexeme.at} is never closed")
            self.take()
            return node
        return _make_term(lexeme)


def _has_not(node: _Node) -> bool:
    if isinstance(node, _Not):
        return True
    if isinstance(node, _And | _Or):
        return any(_has_not(part) for part in node.parts)
    if isinstance(node, _Near):
        return _has_not(node.left) or _has_not(node.right)
    return False


def _make_term(lexeme: _Lexeme) -> _Term:
    words, prefix = term_tokens(lexeme.text)
    if not words:
        raise QueryError(
            f"{lexeme.text!r} at character {lexeme.at} has no letters or digits to search for"
        )
    for word, wildcard in zip(words, prefix, strict=True):
        if wildcard and len(word) < 3:
            raise QueryError(
                f"{lexeme.text!r} at character {lexeme.at}: put at least three letters before a *"
            )
    return _Term(lexeme.text, words, prefix)


@lru_cache(maxsize=4096)
def parse_query(text: str) -> Query:
    """Read a query; raise `QueryError` with a plain-English message when it cannot be read."""
    return Query(text, _Parser(text).parse())


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
