"""Explaining: the reasons, in words, one per factor, for the results that are shown.

The same rules as `scoring`, spelt out from the rows behind each fact (a few queries
limited to the storytellers shown). Consent is judged here, by the one judge
(`chorus.voices.consent.covering_consent`), for everyone explained, fit or not, so that
each learns why their consent does or does not cover the request.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from chorus.media.matching import loading
from chorus.media.matching.context import ACTIVE, Context, area, region_name
from chorus.media.matching.results import MatchedStoryteller, MatchResult, Reason
from chorus.voices.consent import covering_consent
from chorus.voices.models import StorytellerLanguage, StorytellerProfile

HELD_TEXT = "On hold: ask the safeguarding lead."
# Above this many results to explain, details are read for the whole network rather
# than for a list of storytellers (a list that long would make a slow query).
EXPLAIN_BY_ID_UP_TO = 500

_LEVEL_RANK: dict[str, int] = {
    StorytellerLanguage.Level.BASIC: 0,
    StorytellerLanguage.Level.CONVERSATIONAL: 1,
    StorytellerLanguage.Level.FLUENT: 2,
    StorytellerLanguage.Level.NATIVE: 3,
}
_LEVEL_LABEL: dict[str, str] = {
    StorytellerLanguage.Level.CONVERSATIONAL: "conversational",
    StorytellerLanguage.Level.FLUENT: "fluent",
    StorytellerLanguage.Level.NATIVE: "first language",
}
_EXPERIENCE_TEXT: dict[str, str] = {
    StorytellerProfile.Experience.NEW: "new to media",
    StorytellerProfile.Experience.SOME: "some media experience",
    StorytellerProfile.Experience.EXPERIENCED: "experienced with media",
}

_NO_LANGUAGE = Reason(True, "No language asked for.")
_NO_REGION_ASKED = Reason(True, "No region asked for.")
_NO_REGION = Reason(False, "No region recorded.")
_NO_THEMES_ASKED = Reason(True, "No themes asked for.")
_NO_SHARED_THEMES = Reason(False, "Shares none of the themes asked for.")
_PAUSED = Reason(False, "Paused: not taking part at the moment.")
_NEVER_APPEARED = Reason(True, "No media appearance recorded.")
_HELD = Reason(False, HELD_TEXT)
_CLEARED_HOLD = Reason(True, "Cleared by the safeguarding lead, on conditions this request meets.")
_NO_HOLD = Reason(True, "No safeguarding hold.")


def explain(context: Context, results: Sequence[MatchResult]) -> None:
    """Give each of `results` its reasons, one per factor, in words (a few queries)."""
    if not results:
        return
    needs = context.needs
    shown = [r.storyteller.pk for r in results]
    ids = shown if len(shown) <= EXPLAIN_BY_ID_UP_TO else None  # None: the whole network
    languages = loading.languages_spoken(context, ids) if needs.languages else {}
    themes = loading.themes_shared(context, ids) if needs.themes else {}
    consents = loading.consent_terms(context, ids)

    words = _Words(context)
    for result in results:
        st = result.storyteller
        interpreter_language = ""
        if needs.languages:
            language_reason, interpreter_language = words.language(languages.get(st.pk, ()))
        else:
            language_reason = _NO_LANGUAGE
        covering, result.consent_reason = covering_consent(
            consents.get(st.pk, ()),
            storyteller_status=st.status,
            outlet=needs.outlet,
            media_type=needs.media_type,
            identity_level=needs.identity_level,
            face_shown=needs.face_needed,
            on=context.on,
        )
        result.consent_id = covering.pk if covering is not None else None
        result.interpreter_language = interpreter_language
        result.reasons = [
            language_reason,
            words.region(st.region_id),
            words.themes(themes.get(st.pk)),
            Reason(result.consent_id is not None, result.consent_reason),
            words.readiness(bool(st.media_training_done), st.experience),
            words.availability(st),
            words.rest_since(st.last_media_appearance),
            _HELD if result.held else _CLEARED_HOLD if result.hold_lifted else _NO_HOLD,
        ]


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _join(names: Sequence[str], last: str = "or") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


class _Words:
    """The reasons, in words, for one request: the same rules as `rank`, spelt out."""

    def __init__(self, context: Context) -> None:
        self.context = context
        needs = context.needs
        self.asked_languages = _join(list(needs.languages.values()))
        self.regions = context.regions
        self.wanted_region = needs.region_id
        self.wanted_area, self.wanted_region_name = 0, ""
        if needs.region_id is not None:
            self.wanted_area = area(needs.region_id, self.regions)
            self.wanted_region_name = region_name(needs.region_id, self.regions)
        self.rest_gap = datetime.timedelta(days=context.rest)

    def language(self, spoken: Sequence[tuple[str, str, str, bool]]) -> tuple[Reason, str]:
        """The language reason, and the language an interpreter would translate."""
        wanted = self.context.needs.languages
        best: tuple[int, str, str] | None = None
        for lower, language, level, _needs_interpreter in spoken:
            level_rank = _LEVEL_RANK.get(level, 0)
            if level_rank >= 1 and lower in wanted and (best is None or level_rank > best[0]):
                best = (level_rank, language, level)
        if best is not None:
            return Reason(True, f"Speaks {best[1]} ({_LEVEL_LABEL[best[2]]})."), ""
        needed = [(lower, language) for lower, language, _, needs_it in spoken if needs_it]
        via = [language for lower, language in needed if lower in self.context.interpreters]
        if via:
            return Reason(
                True, f"Can speak in {via[0]} with an interpreter (one is available)."
            ), via[0]
        if needed:
            return Reason(
                False,
                f"Needs an interpreter for {_join([n for _, n in needed])}, and no active "
                "interpreter has that language.",
            ), ""
        return Reason(
            False, f"Does not speak {self.asked_languages} at conversational level or better."
        ), ""

    def region(self, region_id: int | None) -> Reason:
        if self.wanted_region is None:
            return _NO_REGION_ASKED
        if region_id is None:
            return _NO_REGION
        name = region_name(region_id, self.regions)
        if region_id == self.wanted_region:
            return Reason(True, f"Lives in {name}.")
        if area(region_id, self.regions) == self.wanted_area:
            return Reason(True, f"Lives in {name}, near {self.wanted_region_name}.")
        return Reason(False, f"Lives in {name}, not {self.wanted_region_name}.")

    def themes(self, shared: set[int] | None) -> Reason:
        asked = self.context.needs.themes
        if not asked:
            return _NO_THEMES_ASKED
        if not shared:
            return _NO_SHARED_THEMES
        names = [name for pk, name in asked.items() if pk in shared]
        return Reason(True, f"Shares themes: {', '.join(names)}.")

    def readiness(self, trained: bool, experience: str) -> Reason:
        words = _EXPERIENCE_TEXT.get(experience, experience)
        if trained:
            return Reason(True, f"Media training done; {words}.")
        return Reason(False, f"No media training yet; {words}.")

    def availability(self, st: MatchedStoryteller) -> Reason:
        if st.status != ACTIVE:
            return _PAUSED
        note = f" ({st.availability_note})" if st.availability_note else ""
        if st.is_available:
            return Reason(True, f"Available{note}.")
        return Reason(False, f"Marked as not available{note}.")

    def rest_since(self, last: datetime.date | None) -> Reason:
        if last is None:
            return _NEVER_APPEARED
        until = last + self.rest_gap
        if until > self.context.on:
            return Reason(
                False,
                f"Last appeared in the media on {_day(last)}: resting until {_day(until)} "
                f"({self.context.rest}-day rest period).",
            )
        days = (self.context.on - last).days
        return Reason(True, f"Last appeared in the media on {_day(last)}, {days} days ago.")
