"""The query language of the relevance rules and the topic gazetteers.

`parse_query` reads queries such as ``"small boats" OR (channel AND crossing*) AND NOT
"cross-channel ferry"``: words, "quoted phrases", a trailing ``*`` for any ending, AND, OR,
NOT, ``a NEAR/5 b`` and brackets. Words next to each other mean AND. NOT binds tightest,
then NEAR, then AND, then OR, as in most search boxes. Matching ignores case and accents;
"don't" matches "do not" and "Britain's" matches "Britain".

Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from chorus.monitoring.pipeline.documents import Document, term_tokens

__all__ = ["Query", "QueryError", "Span", "parse_query"]


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
