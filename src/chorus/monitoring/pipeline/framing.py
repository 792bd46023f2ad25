"""Framing of a story or statement: hostile language, humanising language, and whether a
person with lived experience of migration speaks in it.

The scores come from an editable lexicon (`data/framing_lexicon.json`, passed in as a
`Lexicon`), read in context, because the texts that most need telling apart use the same
words: "they are swarming across the Channel" and "calling people a 'swarm' is dehumanising".
A hostile term counts in full only when it is asserted. It counts for little when

* it is negated in its clause ("migrants are *not* criminals", "nobody is 'flooding' in");
* the sentence reports or rebuts it ("it is a *myth* that…", "*calling* people 'illegals'…",
  "…is *not true*", "why do *you assume*…");
* it sits in quotation marks (scare quotes count least).

Rebuttal and fact-checking language ("evidence shows", "not all"), speaking to the reader
("have you ever…") and humanising language then pull the score down, while exclamation marks
and shouting push it up. The score is graded (a logistic of the evidence, lengths allowed for),
so that it can rank statements as well as sort them at 0.5.

Plain functions over plain data: no Django, no database, no network.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from chorus.monitoring.pipeline.documents import DATA, Document, PhraseTrie, term_tokens, tokenize

__all__ = [
    "Framing",
    "Lexicon",
    "LexiconTerm",
    "LivedExperienceWords",
    "default_lexicon",
    "frame",
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
class _Entry:
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
    _trie: PhraseTrie = field(init=False, repr=False, compare=False)
    _phrases: dict[str, PhraseTrie] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        entries: dict[tuple[tuple[str, ...], tuple[bool, ...]], _Entry] = {}

        def entry(text: str) -> _Entry:
            key = _check_term(text)
            return entries.setdefault(key, _Entry(text))

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
        object.__setattr__(self, "_trie", trie)

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
        object.__setattr__(self, "_phrases", phrases_by_kind)

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


@dataclass(frozen=True)
class Framing:
    hostile: float  # 0–1
    humanising: float  # 0–1
    lived_experience_voice: bool
    hostile_terms: tuple[str, ...]  # as written, asserted (not negated or rebutted)
    humanising_terms: tuple[str, ...]
    reasons: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "hostile": round(self.hostile, 3),
            "humanising": round(self.humanising, 3),
            "lived_experience_voice": self.lived_experience_voice,
            "hostile_terms": list(self.hostile_terms),
        }


# ---------------------------------------------------------------------------------------------
# Reading the structure of the text

_QUOTES = re.compile(
    r"“[^”]{1,800}”"
    r'|"[^"\n]{1,800}"'
    r"|(?<!\w)[‘'](?=\w)(?:[^‘’'\n]|[’'](?=\w)){1,800}?[’'](?!\w)"
)
_SENTENCE_BREAK = re.compile(r"[.!?…\n]")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-\s")
_CLAUSE_WORDS = frozenset({"but", "while", "whereas", "yet", "however", "although", "though"})
_SHOUTING = re.compile(r"\b[A-Z]{5,}\b")
_NAMED_WITH_AGE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, (\d{1,2}),")
_SECOND_PERSON = frozenset({"you", "your", "yourself", "yours"})
_INSTITUTIONS = frozenset(
    """spokesperson spokesman spokeswoman minister secretary office government council police
    mp mps official officials director executive department authority authorities charity
    lawyer lawyers solicitor judge chair leader professor researcher report statement agency
    campaigners campaigner""".split()
)
_DETERMINERS = frozenset("the a an these those some many local other fellow".split())


@dataclass
class _Structure:
    sentence: list[int]  # sentence number of each token
    clause: list[int]  # clause number of each token
    quote: list[int]  # number of words in the quotation a token sits in, or 0
    quotes: list[tuple[int, int]]  # character spans of the quotations


def _structure(doc: Document) -> _Structure:
    text = doc.text
    quotes = [m.span() for m in _QUOTES.finditer(text)]
    sentence: list[int] = []
    clause: list[int] = []
    quote: list[int] = []
    s = c = 0
    previous_end = 0
    q = 0
    for token, start, end in zip(doc.tokens, doc.starts, doc.ends, strict=True):
        if start - previous_end != 1 or text[previous_end] != " ":  # not just one space
            gap = text[previous_end:start]
            if _SENTENCE_BREAK.search(gap):
                s += 1
                c += 1
            elif _CLAUSE_BREAK.search(gap):
                c += 1
        if token in _CLAUSE_WORDS:
            c += 1
        previous_end = end
        sentence.append(s)
        clause.append(c)
        while q < len(quotes) and quotes[q][1] <= start:
            q += 1
        if q < len(quotes) and quotes[q][0] < start < quotes[q][1]:
            quote.append(len(text[quotes[q][0] : quotes[q][1]].split()))
        else:
            quote.append(0)
    return _Structure(sentence, clause, quote, quotes)


# ---------------------------------------------------------------------------------------------
# Scoring

_NEGATION_WINDOW = 5
# How much a hostile term still counts when its sentence negates, rebuts or quotes it.
_NEGATED = 0.1
_DISTANCED = 0.2
_SCARE_QUOTED = 0.3  # 'illegals': three words or fewer in quotation marks
_QUOTED = 0.6  # within a longer quotation: someone else's words, reported


@dataclass
class _Hit:
    start: int
    end: int
    entry: _Entry
    surface: str


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _listed(terms: Iterable[str], limit: int = 6) -> str:
    unique = list(dict.fromkeys(terms))
    shown = ", ".join(f'"{t}"' for t in unique[:limit])
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


def frame(doc: Document, lexicon: Lexicon | None = None) -> Framing:
    """Hostile and humanising scores of a text, with the terms and reasons behind them."""
    lexicon = lexicon or default_lexicon()
    tokens = doc.tokens
    structure = _structure(doc)
    # The longest phrase at every position; hits are the non-overlapping ones, left to right.
    longest = lexicon._trie.longest
    at_position = [(start, *longest(tokens, start)) for start in range(len(tokens))]
    hits: list[_Hit] = []
    covered = 0
    for start, end, entry in at_position:
        if entry is not None and start >= covered:
            hits.append(_Hit(start, end, entry, doc.surface(start, end)))
            covered = end
    hostile_positions = {p for h in hits if h.entry.hostile for p in range(h.start, h.end)}
    negators = set(lexicon.negators)
    # Distancing words may hide inside a longer match ("why do *you assume*"), so they count
    # wherever they start, except inside hostile phrases.
    distancers = [
        (start, end, entry)
        for start, end, entry in at_position
        if entry is not None
        and (entry.before or entry.after or entry.object)
        and entry.hostile is None
        and start not in hostile_positions
    ]

    def negated(hit: _Hit) -> bool:
        clause = structure.clause[hit.start]
        for p in range(hit.start - 1, max(-1, hit.start - 1 - _NEGATION_WINDOW), -1):
            if structure.clause[p] != clause:
                return False
            if tokens[p] in negators and p not in hostile_positions:
                return not (tokens[p] == "not" and tokens[p + 1] in ("only", "just"))
        return False

    def distanced(hit: _Hit) -> bool:
        sentence = structure.sentence[hit.start]
        clause = structure.clause[hit.start]
        for start, end, entry in distancers:
            if structure.sentence[start] != sentence:
                continue
            if entry.before and end <= hit.start:
                return True
            if entry.after and start >= hit.end:
                return True
            # "it is wrong and dangerous *to call* them…": the words just before a reporting
            # verb judge the reporting, not the people.
            if entry.before and 0 <= start - hit.end <= 3 and structure.clause[start] == clause:
                return True
            if entry.object and 0 <= hit.start - end <= 4 and structure.clause[start] == clause:
                return True
        return False

    # A text that negates or rebuts a term once is discussing it: its other uses of the same
    # term ("…not terrorists. They are the people fleeing terrorists.") are part of that.
    rebutted_terms = {id(h.entry) for h in hits if h.entry.hostile and (negated(h) or distanced(h))}

    # Claim words count when the sentence makes a claim about a group: a group word, then a
    # linking word ("migrants are…", "they only want…"), earlier in the same sentence.
    links = set(lexicon.claim_links)
    claim_starts: dict[int, int] = {}  # sentence → earliest token after a group + link
    for g_start, g_end, _ in lexicon._phrases["groups"].scan(tokens):
        following = tokens[g_end : g_end + 2]
        if any(t in links for t in following):
            sentence = structure.sentence[g_start]
            claim_starts.setdefault(sentence, g_end)

    def in_claim(hit: _Hit) -> bool:
        begins = claim_starts.get(structure.sentence[hit.start])
        return begins is not None and begins <= hit.start

    hostile_total = counter_total = humanising_total = 0.0
    asserted: list[tuple[str, str]] = []
    discounted: list[tuple[str, str]] = []
    counters: list[str] = []
    humanising: list[str] = []
    for hit in hits:
        entry = hit.entry
        if entry.hostile is not None:
            multiplier, why = 1.0, ""
            if negated(hit):
                multiplier, why = _NEGATED, "negated"
            elif distanced(hit):
                multiplier, why = _DISTANCED, "reported or rebutted"
            elif id(entry) in rebutted_terms:
                multiplier, why = _DISTANCED, "rebutted elsewhere in the text"
            quote_words = structure.quote[hit.start]
            if quote_words:
                multiplier *= _SCARE_QUOTED if quote_words <= 3 else _QUOTED
            hostile_total += entry.hostile.weight * multiplier
            if why:
                discounted.append((hit.surface, why))
            else:
                asserted.append((hit.surface, entry.hostile.category))
        elif entry.claim is not None and in_claim(hit):
            if negated(hit):
                discounted.append((hit.surface, "negated"))
            elif distanced(hit):
                discounted.append((hit.surface, "reported or rebutted"))
            else:
                quote_words = structure.quote[hit.start]
                multiplier = 1.0
                if quote_words:
                    multiplier = _SCARE_QUOTED if quote_words <= 3 else _QUOTED
                hostile_total += entry.claim.weight * multiplier
                asserted.append((hit.surface, entry.claim.category))
        if entry.counter is not None:
            counter_total += entry.counter.weight
            counters.append(hit.surface)
        if entry.humanising is not None and not negated(hit):
            humanising_total += entry.humanising.weight
            humanising.append(hit.surface)

    # Words for the people themselves in scare quotes ("these 'children'", "'refugees'") deny
    # what they say, unless the sentence rebuts that.
    scare_weights = {term.text: term for term in lexicon.scare_quoted}
    for start, end, text in lexicon._phrases["scare_quoted"].scan(tokens):
        quote_words = structure.quote[start]
        if not quote_words or quote_words > 3 or start in hostile_positions:
            continue
        hit = _Hit(start, end, _Entry(text), doc.surface(start, end))
        term = scare_weights[text]
        if distanced(hit):  # negation is no defence here: "none of these 'children'"
            discounted.append((hit.surface, "reported or rebutted"))
        else:
            hostile_total += term.weight
            asserted.append((f"'{hit.surface}'", term.category))

    # Tone: exclamation marks and SHOUTING come with abuse far more often than with rebuttal;
    # speaking to "you" comes with rebuttal (answering someone) far more often than with abuse.
    tone = min(0.9, 0.3 * doc.text.count("!")) + min(0.8, 0.4 * len(_SHOUTING.findall(doc.text)))
    addressed = sum(
        1
        for p, token in enumerate(tokens)
        if token in _SECOND_PERSON and p not in hostile_positions and not structure.quote[p]
    )
    address = min(1.0, 0.5 + 0.25 * (addressed - 1)) if addressed else 0.0

    length = 1.0 + len(tokens) / 150.0
    hostile_evidence = (hostile_total + tone) / length
    counter_evidence = (counter_total + address + 0.5 * humanising_total) / length
    hostile = _sigmoid(2.2 * hostile_evidence - 1.3 * counter_evidence - 1.2)

    lived_voice, lived_reason = _lived_experience_voice(doc, structure, lexicon)
    named = _NAMED_WITH_AGE.findall(doc.text)
    humanising_evidence = (
        humanising_total / (1.0 + len(tokens) / 300.0)
        + (1.0 if lived_voice else 0.0)
        + (0.4 if named else 0.0)
    )
    humanising_score = 1.0 - math.exp(-0.6 * humanising_evidence)

    reasons = []
    if asserted:
        reasons.append(
            "hostile language: "
            + ", ".join(
                f'"{surface}" ({category})' for surface, category in dict.fromkeys(asserted)
            )
        )
    if discounted:
        reasons.append(
            "not counted as hostile: "
            + ", ".join(f'"{surface}" ({why})' for surface, why in dict.fromkeys(discounted))
        )
    if counters:
        reasons.append("rebuttal or fact-checking language: " + _listed(counters))
    if addressed:
        reasons.append("speaks to the reader (“you”), as answers to a claim do")
    if tone:
        reasons.append("exclamation marks or shouting")
    if humanising:
        reasons.append("humanising language: " + _listed(humanising))
    if named:
        reasons.append("names a person with their age")
    if lived_reason:
        reasons.append(lived_reason)
    return Framing(
        hostile=hostile,
        humanising=humanising_score,
        lived_experience_voice=lived_voice,
        hostile_terms=tuple(dict.fromkeys(surface for surface, _ in asserted)),
        humanising_terms=tuple(dict.fromkeys(humanising)),
        reasons=tuple(reasons),
    )


# ---------------------------------------------------------------------------------------------
# Lived experience voice


def _describes_person(tokens: Sequence[str], lexicon: Lexicon) -> str | None:
    """The descriptor ("refugee", "who fled") that marks a speaker in these words, if any.

    "the Refugee Council", "a charity supporting refugees", "lawyers for the migrants" describe
    organisations or supporters, not people speaking from experience.
    """
    words = lexicon.lived_experience
    organisations = set(words.organisation_words)
    supporters = set(words.supporter_words)
    for start, end, descriptor in lexicon._phrases["descriptors"].scan(tokens):
        if end < len(tokens) and tokens[end] in organisations:
            continue
        before = [t for t in tokens[max(0, start - 4) : start] if t not in _DETERMINERS][-2:]
        if any(t in supporters for t in before):
            continue
        return str(descriptor)
    return None


def _has_speech_verb(tokens: Sequence[str], lexicon: Lexicon) -> bool:
    return bool(lexicon._phrases["speech"].scan(tokens))


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """Start and end of the sentence around character `at` (quotations not looked into)."""
    start = at
    while start > 0 and text[start - 1] not in ".!?\n" and at - start < 200:
        start -= 1
    end = at
    while end < len(text) and text[end] not in ".!?\n" and end - at < 200:
        end += 1
    return start, end


def _outside_quotes(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]) -> str:
    pieces = []
    at = start
    for q_start, q_end in quotes:
        if q_end <= start or q_start >= end:
            continue
        if q_start > at:
            pieces.append(text[at:q_start])
        at = max(at, q_end)
    if at < end:
        pieces.append(text[at:end])
    return " ".join(pieces)


def _lived_experience_voice(
    doc: Document, structure: _Structure, lexicon: Lexicon
) -> tuple[bool, str]:
    text = doc.text
    quotes = structure.quotes
    pronouns = set(lexicon.lived_experience.pronouns)
    for q_start, q_end in quotes:
        inner = text[q_start + 1 : q_end - 1]
        if len(inner.split()) < 4:  # scare quotes and titles, not speech
            continue
        before_start, _ = _sentence_bounds(text, max(0, q_start - 1))
        _, after_end = _sentence_bounds(text, min(len(text), q_end))
        if q_end < len(text) and text[q_end - 2 : q_end - 1] in ".!?":
            # “…terrified.” She fled in 2019 — the quotation closed its own sentence.
            after_end = q_end
        context = (
            _outside_quotes(text, before_start, q_start, quotes)
            + " , "
            + (_outside_quotes(text, q_end, after_end, quotes))
        )
        context_tokens, _, _ = tokenize(context)
        introduced = text[max(0, q_start - 3) : q_start].rstrip().endswith(":")
        if not (_has_speech_verb(context_tokens, lexicon) or introduced):
            continue
        descriptor = _describes_person(context_tokens, lexicon)
        if descriptor is None and pronouns.intersection(context_tokens):
            if _INSTITUTIONS.intersection(context_tokens):
                continue
            # “…,” she said — who she is was said a sentence or two earlier.
            look_from = max(0, before_start - 400)
            earlier = _outside_quotes(text, look_from, before_start, quotes)
            descriptor = _describes_person(tokenize(earlier)[0], lexicon)
        if descriptor is not None:
            snippet = " ".join(inner.split()[:8])
            return True, (
                f"quotes a person with lived experience ({descriptor}): “{snippet}…”"
                if len(inner.split()) > 8
                else f"quotes a person with lived experience ({descriptor}): “{snippet}”"
            )
    # Reported speech: "Hassan, who fled Sudan, said he had waited two years."
    speech = lexicon._phrases["speech"]
    sentence_of = structure.sentence
    tokens = doc.tokens
    at = 0
    while at < len(tokens):
        number = sentence_of[at]
        end = at
        while end < len(tokens) and sentence_of[end] == number:
            end += 1
        if not any(structure.quote[p] for p in range(at, end)):
            for verb_start, _, _ in speech.scan(tokens, at, end):
                subject = tokens[max(at, verb_start - 15) : verb_start]
                descriptor = _describes_person(subject, lexicon)
                if descriptor is not None and not _INSTITUTIONS.intersection(subject):
                    return True, (
                        f"reports what a person with lived experience ({descriptor}) said: "
                        f"“{doc.surface(at, min(end, at + 12))}…”"
                    )
                break
        at = end
    return False, ""
