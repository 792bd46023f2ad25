"""The framing lexicon editors maintain (`data/framing_lexicon.json`): hostile, rebuttal and
humanising terms with their weights, the words that distance a text from a term, and the
words that mark a speaker with lived experience of migration.

A `Lexicon` compiles its phrases into tries once, when it is built; `framing.frame` reads
them. Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chorus.monitoring.pipeline.documents import DATA, PhraseTrie, term_tokens

__all__ = [
    "Lexicon",
    "LexiconEntry",
    "LexiconTerm",
    "LivedExperienceWords",
    "default_lexicon",
]


@dataclass(frozen=True)
class LexiconTerm:
    text: str
    weight: float
    category: str


@dataclass(frozen=True)
class LivedExperienceWords:
    """What marks a speaker as someone with lived experience, and what does not."""

    descriptors: tuple[str, ...]  # "refugee", "who fled", "asylum seeker"…
    organisation_words: tuple[str, ...]  # "Refugee *Council*", "migrant *charity*": not a person
    supporter_words: tuple[str, ...]  # "a charity *supporting* refugees": not one of them
    speech_verbs: tuple[str, ...]
    pronouns: tuple[str, ...]


@dataclass
class LexiconEntry:
    """Everything one lexicon phrase means; a phrase can be both a rebuttal and a distancer."""

    text: str
    hostile: LexiconTerm | None = None
    claim: LexiconTerm | None = None  # hostile only in a claim about a group
    counter: LexiconTerm | None = None
    humanising: LexiconTerm | None = None
    before: bool = False
    after: bool = False
    object: bool = False  # what people flee from: "victims of *terrorists*"


def _terms(section: Mapping[str, Any]) -> tuple[LexiconTerm, ...]:
    """{category: {term: weight}} as terms; an "about" entry is a note for editors."""
    return tuple(
        LexiconTerm(str(text), float(weight), str(category))
        for category, terms in section.items()
        if category != "about"
        for text, weight in terms.items()
    )


def _check_term(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    words, prefix = term_tokens(text)
    if not words:
        raise ValueError(f"the lexicon term {text!r} has no letters or digits")
    for word, wildcard in zip(words, prefix, strict=True):
        if wildcard and len(word) < 3:
            raise ValueError(f"the lexicon term {text!r}: put at least three letters before a *")
    return words, prefix


@dataclass(frozen=True)
class Lexicon:
    """The framing lexicon editors maintain. Build it with `from_dict` / `from_json` (the shape
    of `data/framing_lexicon.json`) or take `default_lexicon()`."""

    hostile: tuple[LexiconTerm, ...]
    counter: tuple[LexiconTerm, ...]
    humanising: tuple[LexiconTerm, ...]
    claim_terms: tuple[LexiconTerm, ...]
    scare_quoted: tuple[LexiconTerm, ...]  # hostile in scare quotes: these 'children'
    group_words: tuple[str, ...]
    claim_links: tuple[str, ...]
    distancing_before: tuple[str, ...]
    distancing_after: tuple[str, ...]
    distancing_either: tuple[str, ...]
    distancing_object: tuple[str, ...]
    negators: tuple[str, ...]
    ignore: tuple[str, ...]
    lived_experience: LivedExperienceWords
    trie: PhraseTrie = field(init=False, repr=False, compare=False)
    phrases: dict[str, PhraseTrie] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries: dict[tuple[tuple[str, ...], tuple[bool, ...]], LexiconEntry] = {}

        def entry(text: str) -> LexiconEntry:
            key = _check_term(text)
            return entries.setdefault(key, LexiconEntry(text))

        # The strongest reading wins when one phrase is listed twice in a section.
        for term in self.hostile:
            e = entry(term.text)
            if e.hostile is None or term.weight > e.hostile.weight:
                e.hostile = term
        for term in self.claim_terms:
            e = entry(term.text)
            if e.claim is None or term.weight > e.claim.weight:
                e.claim = term
        for term in self.counter:
            e = entry(term.text)
            if e.counter is None or term.weight > e.counter.weight:
                e.counter = term
        for term in self.humanising:
            e = entry(term.text)
            if e.humanising is None or term.weight > e.humanising.weight:
                e.humanising = term
        for text in self.distancing_before:
            entry(text).before = True
        for text in self.distancing_after:
            entry(text).after = True
        for text in self.distancing_either:
            e = entry(text)
            e.before = e.after = True
        for text in self.distancing_object:
            entry(text).object = True
        for text in self.ignore:
            entry(text)
        trie = PhraseTrie()
        for (words, prefix), e in entries.items():
            trie.add(words, prefix).entry = e
        object.__setattr__(self, "trie", trie)

        phrases_by_kind: dict[str, PhraseTrie] = {}
        for name, phrases in (
            ("descriptors", self.lived_experience.descriptors),
            ("speech", self.lived_experience.speech_verbs),
            ("groups", self.group_words),
            ("scare_quoted", tuple(term.text for term in self.scare_quoted)),
        ):
            phrase_trie = PhraseTrie()
            for text in phrases:
                w, p = _check_term(text)
                phrase_trie.add(w, p).entry = text
            phrases_by_kind[name] = phrase_trie
        object.__setattr__(self, "phrases", phrases_by_kind)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lexicon:
        try:
            distancing = data.get("distancing", {})
            lived = data["lived_experience"]
            claims = data.get("claims", {})
            return cls(
                hostile=_terms(data["hostile"]),
                counter=_terms(data.get("counter", {})),
                humanising=_terms(data.get("humanising", {})),
                claim_terms=_terms(claims.get("terms", {})),
                scare_quoted=_terms(data.get("scare_quoted", {})),
                group_words=tuple(map(str, claims.get("group_words", ()))),
                claim_links=tuple(map(str, claims.get("links", ()))),
                distancing_before=tuple(map(str, distancing.get("before", ()))),
                distancing_after=tuple(map(str, distancing.get("after", ()))),
                distancing_either=tuple(map(str, distancing.get("either", ()))),
                distancing_object=tuple(map(str, distancing.get("object", ()))),
                negators=tuple(map(str, data.get("negators", ()))),
                ignore=tuple(map(str, data.get("ignore", ()))),
                lived_experience=LivedExperienceWords(
                    descriptors=tuple(map(str, lived["descriptors"])),
                    organisation_words=tuple(map(str, lived.get("organisation_words", ()))),
                    supporter_words=tuple(map(str, lived.get("supporter_words", ()))),
                    speech_verbs=tuple(map(str, lived["speech_verbs"])),
                    pronouns=tuple(map(str, lived.get("pronouns", ()))),
                ),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(
                "a lexicon needs 'hostile' ({category: {term: weight}}) and 'lived_experience' "
                f"('descriptors', 'speech_verbs') sections, as in the default lexicon ({exc!r})"
            ) from None

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        def grouped(terms: Iterable[LexiconTerm]) -> dict[str, dict[str, float]]:
            out: dict[str, dict[str, float]] = {}
            for term in terms:
                out.setdefault(term.category, {})[term.text] = term.weight
            return out

        lived = self.lived_experience
        return {
            "hostile": grouped(self.hostile),
            "counter": grouped(self.counter),
            "humanising": grouped(self.humanising),
            "scare_quoted": grouped(self.scare_quoted),
            "claims": {
                "group_words": list(self.group_words),
                "links": list(self.claim_links),
                "terms": grouped(self.claim_terms),
            },
            "distancing": {
                "before": list(self.distancing_before),
                "after": list(self.distancing_after),
                "either": list(self.distancing_either),
                "object": list(self.distancing_object),
            },
            "negators": list(self.negators),
            "ignore": list(self.ignore),
            "lived_experience": {
                "descriptors": list(lived.descriptors),
                "organisation_words": list(lived.organisation_words),
                "supporter_words": list(lived.supporter_words),
                "speech_verbs": list(lived.speech_verbs),
                "pronouns": list(lived.pronouns),
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with Chorus (`data/framing_lexicon.json`)."""
    return Lexicon.from_json((DATA / "framing_lexicon.json").read_text(encoding="utf-8"))
