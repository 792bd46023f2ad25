"""`Document`, the tokenised article that queries, lexicons and gazetteers read, and the
phrase trie they match with.

Tokens are case- and accent-folded words; "don't" is read as "do not" and "Britain's" as
"Britain". Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

from chorus.monitoring.pipeline.text import fold

__all__ = ["DATA", "Document", "PhraseTrie", "term_tokens", "tokenize"]

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
