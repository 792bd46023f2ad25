"""Framing of a story or statement: hostile language, humanising language, and whether a
person with lived experience of migration speaks in it.

The scores come from an editable lexicon (`data/framing_lexicon.json`, passed in as a
`Lexicon`, see `chorus.monitoring.pipeline.lexicon`), read in context, because the texts that
most need telling apart use the same words: "they are swarming across the Channel" and
"calling people a 'swarm' is dehumanising".
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

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chorus.monitoring.pipeline.documents import Document, tokenize
from chorus.monitoring.pipeline.lexicon import Lexicon, LexiconEntry, LexiconTerm, default_lexicon

__all__ = [
    "Framing",
    "Lexicon",
    "default_lexicon",
    "frame",
]


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
    entry: LexiconEntry
    surface: str


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _listed(terms: Iterable[str], limit: int = 6) -> str:
    unique = list(dict.fromkeys(terms))
    shown = ", ".join(f'"{t}"' for t in unique[:limit])
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


Position = tuple[int, int, Any]  # start, end and the lexicon entry (or None) of a phrase


@dataclass
class _Context:
    """What a hit is judged against: the text's structure and the lexicon words around it."""

    tokens: list[str]
    structure: _Structure
    hostile_positions: set[int]
    negators: set[str]
    distancers: list[Position]
    claim_starts: dict[int, int]  # sentence → earliest token after a group + link
    rebutted_terms: set[int] = field(default_factory=set)  # ids of rebutted entries

    def negated(self, hit: _Hit) -> bool:
        structure, tokens = self.structure, self.tokens
        clause = structure.clause[hit.start]
        for p in range(hit.start - 1, max(-1, hit.start - 1 - _NEGATION_WINDOW), -1):
            if structure.clause[p] != clause:
                return False
            if tokens[p] in self.negators and p not in self.hostile_positions:
                return not (tokens[p] == "not" and tokens[p + 1] in ("only", "just"))
        return False

    def distanced(self, hit: _Hit) -> bool:
        structure = self.structure
        sentence = structure.sentence[hit.start]
        clause = structure.clause[hit.start]
        for start, end, entry in self.distancers:
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

    def in_claim(self, hit: _Hit) -> bool:
        begins = self.claim_starts.get(self.structure.sentence[hit.start])
        return begins is not None and begins <= hit.start

    def quote_multiplier(self, hit: _Hit) -> float:
        quote_words = self.structure.quote[hit.start]
        if not quote_words:
            return 1.0
        return _SCARE_QUOTED if quote_words <= 3 else _QUOTED


@dataclass
class _Tally:
    """The evidence found so far, and the words behind it for the reasons."""

    hostile: float = 0.0
    counter: float = 0.0
    humanising: float = 0.0
    asserted: list[tuple[str, str]] = field(default_factory=list)  # (surface, category)
    discounted: list[tuple[str, str]] = field(default_factory=list)  # (surface, why)
    counters: list[str] = field(default_factory=list)
    humanising_terms: list[str] = field(default_factory=list)


def _lexicon_hits(doc: Document, lexicon: Lexicon) -> tuple[list[Position], list[_Hit]]:
    """The longest phrase at every position; hits are the non-overlapping ones, left to right."""
    longest = lexicon.trie.longest
    at_position = [(start, *longest(doc.tokens, start)) for start in range(len(doc.tokens))]
    hits: list[_Hit] = []
    covered = 0
    for start, end, entry in at_position:
        if entry is not None and start >= covered:
            hits.append(_Hit(start, end, entry, doc.surface(start, end)))
            covered = end
    return at_position, hits


def _claim_starts(tokens: list[str], structure: _Structure, lexicon: Lexicon) -> dict[int, int]:
    """Claim words count when the sentence makes a claim about a group: a group word, then a
    linking word ("migrants are…", "they only want…"), earlier in the same sentence."""
    links = set(lexicon.claim_links)
    claim_starts: dict[int, int] = {}
    for g_start, g_end, _ in lexicon.phrases["groups"].scan(tokens):
        following = tokens[g_end : g_end + 2]
        if any(t in links for t in following):
            sentence = structure.sentence[g_start]
            claim_starts.setdefault(sentence, g_end)
    return claim_starts


def _context(
    doc: Document, lexicon: Lexicon, at_position: list[Position], hits: list[_Hit]
) -> _Context:
    tokens = doc.tokens
    structure = _structure(doc)
    hostile_positions = {p for h in hits if h.entry.hostile for p in range(h.start, h.end)}
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
    context = _Context(
        tokens=tokens,
        structure=structure,
        hostile_positions=hostile_positions,
        negators=set(lexicon.negators),
        distancers=distancers,
        claim_starts=_claim_starts(tokens, structure, lexicon),
    )
    # A text that negates or rebuts a term once is discussing it: its other uses of the same
    # term ("…not terrorists. They are the people fleeing terrorists.") are part of that.
    context.rebutted_terms = {
        id(h.entry)
        for h in hits
        if h.entry.hostile and (context.negated(h) or context.distanced(h))
    }
    return context


def _count_hostile(hit: _Hit, term: LexiconTerm, context: _Context, tally: _Tally) -> None:
    multiplier, why = 1.0, ""
    if context.negated(hit):
        multiplier, why = _NEGATED, "negated"
    elif context.distanced(hit):
        multiplier, why = _DISTANCED, "reported or rebutted"
    elif id(hit.entry) in context.rebutted_terms:
        multiplier, why = _DISTANCED, "rebutted elsewhere in the text"
    if context.structure.quote[hit.start]:
        multiplier *= context.quote_multiplier(hit)
    tally.hostile += term.weight * multiplier
    if why:
        tally.discounted.append((hit.surface, why))
    else:
        tally.asserted.append((hit.surface, term.category))


def _count_claim(hit: _Hit, claim: LexiconTerm, context: _Context, tally: _Tally) -> None:
    if context.negated(hit):
        tally.discounted.append((hit.surface, "negated"))
    elif context.distanced(hit):
        tally.discounted.append((hit.surface, "reported or rebutted"))
    else:
        tally.hostile += claim.weight * context.quote_multiplier(hit)
        tally.asserted.append((hit.surface, claim.category))


def _count_hits(hits: list[_Hit], context: _Context, tally: _Tally) -> None:
    for hit in hits:
        entry = hit.entry
        if entry.hostile is not None:
            _count_hostile(hit, entry.hostile, context, tally)
        elif entry.claim is not None and context.in_claim(hit):
            _count_claim(hit, entry.claim, context, tally)
        if entry.counter is not None:
            tally.counter += entry.counter.weight
            tally.counters.append(hit.surface)
        if entry.humanising is not None and not context.negated(hit):
            tally.humanising += entry.humanising.weight
            tally.humanising_terms.append(hit.surface)


def _count_scare_quotes(doc: Document, lexicon: Lexicon, context: _Context, tally: _Tally) -> None:
    """Words for the people themselves in scare quotes ("these 'children'", "'refugees'") deny
    what they say, unless the sentence rebuts that."""
    scare_weights = {term.text: term for term in lexicon.scare_quoted}
    for start, end, text in lexicon.phrases["scare_quoted"].scan(context.tokens):
        quote_words = context.structure.quote[start]
        if not quote_words or quote_words > 3 or start in context.hostile_positions:
            continue
        hit = _Hit(start, end, LexiconEntry(text), doc.surface(start, end))
        term = scare_weights[text]
        if context.distanced(hit):  # negation is no defence here: "none of these 'children'"
            tally.discounted.append((hit.surface, "reported or rebutted"))
        else:
            tally.hostile += term.weight
            tally.asserted.append((f"'{hit.surface}'", term.category))


def _tone(text: str) -> float:
    """Exclamation marks and SHOUTING come with abuse far more often than with rebuttal."""
    return min(0.9, 0.3 * text.count("!")) + min(0.8, 0.4 * len(_SHOUTING.findall(text)))


def _addressed(context: _Context) -> int:
    """How often the text speaks to "you": rebuttal (answering someone) far more than abuse."""
    return sum(
        1
        for p, token in enumerate(context.tokens)
        if token in _SECOND_PERSON
        and p not in context.hostile_positions
        and not context.structure.quote[p]
    )


def _reasons(
    tally: _Tally, *, addressed: int, tone: float, named: bool, lived_reason: str
) -> tuple[str, ...]:
    reasons = []
    if tally.asserted:
        reasons.append(
            "hostile language: "
            + ", ".join(
                f'"{surface}" ({category})' for surface, category in dict.fromkeys(tally.asserted)
            )
        )
    if tally.discounted:
        reasons.append(
            "not counted as hostile: "
            + ", ".join(f'"{surface}" ({why})' for surface, why in dict.fromkeys(tally.discounted))
        )
    if tally.counters:
        reasons.append("rebuttal or fact-checking language: " + _listed(tally.counters))
    if addressed:
        reasons.append("speaks to the reader (“you”), as answers to a claim do")
    if tone:
        reasons.append("exclamation marks or shouting")
    if tally.humanising_terms:
        reasons.append("humanising language: " + _listed(tally.humanising_terms))
    if named:
        reasons.append("names a person with their age")
    if lived_reason:
        reasons.append(lived_reason)
    return tuple(reasons)


def frame(doc: Document, lexicon: Lexicon | None = None) -> Framing:
    """Hostile and humanising scores of a text, with the terms and reasons behind them."""
    lexicon = lexicon or default_lexicon()
    at_position, hits = _lexicon_hits(doc, lexicon)
    context = _context(doc, lexicon, at_position, hits)
    tally = _Tally()
    _count_hits(hits, context, tally)
    _count_scare_quotes(doc, lexicon, context, tally)

    tone = _tone(doc.text)
    addressed = _addressed(context)
    address = min(1.0, 0.5 + 0.25 * (addressed - 1)) if addressed else 0.0
    length = 1.0 + len(doc.tokens) / 150.0
    hostile_evidence = (tally.hostile + tone) / length
    counter_evidence = (tally.counter + address + 0.5 * tally.humanising) / length
    hostile = _sigmoid(2.2 * hostile_evidence - 1.3 * counter_evidence - 1.2)

    lived_voice, lived_reason = _lived_experience_voice(doc, context.structure, lexicon)
    named = bool(_NAMED_WITH_AGE.findall(doc.text))
    humanising_evidence = (
        tally.humanising / (1.0 + len(doc.tokens) / 300.0)
        + (1.0 if lived_voice else 0.0)
        + (0.4 if named else 0.0)
    )
    return Framing(
        hostile=hostile,
        humanising=1.0 - math.exp(-0.6 * humanising_evidence),
        lived_experience_voice=lived_voice,
        hostile_terms=tuple(dict.fromkeys(surface for surface, _ in tally.asserted)),
        humanising_terms=tuple(dict.fromkeys(tally.humanising_terms)),
        reasons=_reasons(
            tally, addressed=addressed, tone=tone, named=named, lived_reason=lived_reason
        ),
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
    for start, end, descriptor in lexicon.phrases["descriptors"].scan(tokens):
        if end < len(tokens) and tokens[end] in organisations:
            continue
        before = [t for t in tokens[max(0, start - 4) : start] if t not in _DETERMINERS][-2:]
        if any(t in supporters for t in before):
            continue
        return str(descriptor)
    return None


def _has_speech_verb(tokens: Sequence[str], lexicon: Lexicon) -> bool:
    return bool(lexicon.phrases["speech"].scan(tokens))


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
    speech = lexicon.phrases["speech"]
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
