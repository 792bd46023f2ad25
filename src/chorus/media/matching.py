"""Matching a journalist's request to storytellers: who fits, who does not, and why.

`rank_storytellers(request)` ranks every storyteller in the network (active or
paused) and explains each factor, fit or not: language (or an interpreter),
region, themes, consent, readiness, availability, the rest period after a media
appearance, and whether an open safeguarding concern holds the match.

It is built to rank 5,000 storytellers well under 100 ms (bench/matching.py), in a
fixed handful of queries whatever their number:

1. `rank`: one query reads every storyteller's plain fields, and one small query per
   fact answers it for everyone at once (best level in a language asked for, an
   interpreter fallback, themes shared, an open concern). Consent is then judged,
   by the one judge (`chorus.voices.consent.covering_consent`), only for storytellers
   who fit on every other count: for anyone else it cannot change the order.
2. `explain`: the reasons, in words, for the results that are shown (a page, or all
   of them), from a few more queries limited to those storytellers. Consent is judged
   for each of them, fit or not.

It never reads an encrypted field (they cannot be filtered in SQL, and nothing here
needs them), and it never loads what a safeguarding concern says: only whether one
is open.
"""

from __future__ import annotations

import datetime
import gc
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    Field,
    IntegerField,
    Max,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Lower
from django.utils import timezone

from chorus.media.models import JournalistRequest, Outlet, RequestCandidate
from chorus.people.models import Region
from chorus.voices.consent import covering_consent
from chorus.voices.models import (
    Consent,
    Interpreter,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
)

# Storytellers matching considers. Those who left the network, or were erased, are not
# in it any more: nothing of theirs is loaded.
IN_NETWORK = (StorytellerProfile.Status.ACTIVE, StorytellerProfile.Status.PAUSED)
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
_EXPERIENCE_SCORE: dict[str, int] = {
    StorytellerProfile.Experience.NEW: 0,
    StorytellerProfile.Experience.SOME: 1,
    StorytellerProfile.Experience.EXPERIENCED: 2,
}
_EXPERIENCE_TEXT: dict[str, str] = {
    StorytellerProfile.Experience.NEW: "new to media",
    StorytellerProfile.Experience.SOME: "some media experience",
    StorytellerProfile.Experience.EXPERIENCED: "experienced with media",
}
_CLEARED = (
    RequestCandidate.Status.CLEARED,
    RequestCandidate.Status.BRIEFED,
    RequestCandidate.Status.DEBRIEFED,
)
_ACTIVE = StorytellerProfile.Status.ACTIVE.value
HELD_TEXT = "Held until the safeguarding lead clears it."
# Above this many results to explain, details are read for the whole network rather
# than for a list of storytellers (a list that long would make a slow query).
_EXPLAIN_BY_ID_UP_TO = 500


def rest_days() -> int:
    """Days a storyteller rests after a media appearance before matching suggests them."""
    return int(getattr(settings, "CHORUS_MATCH_REST_DAYS", 14))


class Reason(NamedTuple):
    ok: bool
    text: str


class MatchedStoryteller(NamedTuple):
    """What matching knows of a storyteller: plain fields only, never a decrypted one.

    A tuple, because matching builds thousands of them on every request.
    """

    pk: int
    reference: str
    status: str
    region_id: int | None
    media_training_done: bool
    experience: str
    is_available: bool
    availability_note: str
    last_media_appearance: datetime.date | None

    def __str__(self) -> str:
        return self.reference


@dataclass(slots=True)
class MatchResult:
    storyteller: MatchedStoryteller
    score: int
    eligible: bool
    held: bool
    # One reason per factor, in words; filled by `explain` (rank_storytellers explains
    # every result unless told otherwise).
    reasons: list[Reason] = field(default_factory=list)
    # The consent that covers the request (None when none does, or not judged yet).
    consent_id: int | None = None
    # The storyteller's language an interpreter would translate, when one is needed.
    interpreter_language: str = ""
    # The judge's words, when consent was judged while ranking.
    consent_reason: str = ""
    language_ok: bool = True
    # An open concern, but the safeguarding lead cleared them for this request.
    hold_lifted: bool = False


class _Excluded:
    """Stands in for a consent's prefetched exclusions (`.all()`)."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Any, ...]) -> None:
        self.items = items

    def all(self) -> tuple[Any, ...]:
        return self.items


_NOTHING_EXCLUDED = _Excluded(())


class ConsentTerms(NamedTuple):
    """A consent as `covering_consent` reads it, built from plain values (no model).

    Judged for one use only (this outlet, this media type), its lists hold just what
    can decide that use: the media type if the consent covers it, the outlet's kind,
    the outlet and its segment if the consent excludes them. Loading whole lists of
    every consent was most of the cost of matching.
    """

    pk: int
    given_on: datetime.date
    expires_on: datetime.date | None
    withdrawn_on: datetime.date | None
    media_types: tuple[str, ...]
    identity_level: str
    face_shown: bool
    excluded_outlet_kinds: tuple[str, ...]
    excluded_outlets: _Excluded
    excluded_segments: _Excluded


@dataclass(frozen=True)
class Needs:
    """What the request asks for, as plain values."""

    outlet: Outlet  # with its segment loaded: consent reasons name it
    media_type: str
    identity_level: str
    face_needed: bool
    languages: Mapping[str, str]  # lower-cased name → name as written
    region_id: int | None
    themes: Mapping[int, str]  # theme id → name
    request_id: int | None = None


def needs_of(request: JournalistRequest) -> Needs:
    outlet = Outlet.objects.select_related("segment").get(pk=request.outlet_id)
    languages: dict[str, str] = {}
    for language in request.languages or []:
        name = str(language).strip()
        if name:
            languages.setdefault(name.lower(), name)
    themes = dict(request.themes.values_list("pk", "name")) if request.pk else {}
    return Needs(
        outlet=outlet,
        media_type=request.media_type,
        identity_level=request.identity_level_acceptable,
        face_needed=request.face_needed,
        languages=languages,
        region_id=request.region_id,
        themes=themes,
        request_id=request.pk,
    )


# --- Reading fast -----------------------------------------------------------------------


class _Days(dict[Any, datetime.date | None]):
    """Dates by the value read from the database: each distinct day is parsed once."""

    def __missing__(self, value: Any) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            day = value
        else:
            day = datetime.date.fromisoformat(value)
        self[value] = day
        return day


def _raw(expression: Any) -> Any:
    """The expression without Django's per-row conversion (tens of thousands of rows).

    On SQLite, Django converts each boolean and each integer again after sqlite3 has;
    a bare Field has no converter. Other databases send values ready-made.
    """
    return ExpressionWrapper(expression, output_field=Field())


def _date(name: str) -> Any:
    # SQLite hands dates over as text parsed row by row: read the text, parse each
    # distinct day once (`_Days`). Other databases send dates ready-made.
    return Cast(name, TextField()) if connection.vendor == "sqlite" else F(name)


def _flag(name: str) -> Any:
    return _raw(F(name)) if connection.vendor == "sqlite" else F(name)


def _interpreter_languages() -> frozenset[str]:
    """Languages, lower-cased, of the interpreters who are active."""
    return frozenset(
        language.strip().lower()
        for spoken in Interpreter.objects.filter(is_active=True).values_list("languages", flat=True)
        for language in spoken.split(",")
        if language.strip()
    )


def _regions() -> dict[int, tuple[str, int | None]]:
    return {
        pk: (name, parent)
        for pk, name, parent in Region.objects.order_by().values_list("pk", "name", "parent_id")
    }


# --- The facts that rank, a query each -------------------------------------------------
# Each fact is one small query over its own table, answered for every storyteller at
# once (rows of people who left the network are simply never looked up).

_LEVELS = Case(
    *[When(level=level, then=Value(rank)) for level, rank in _LEVEL_RANK.items()],
    default=Value(0),
    output_field=IntegerField(),
)


def _best_levels(languages: Iterable[str]) -> dict[int, int]:
    """Storyteller id → their best level (1–3) in any of `languages` (lower-cased), for
    those who speak one at conversational level or better."""
    return dict(
        StorytellerLanguage.objects.annotate(lower=Lower("language"))
        .filter(lower__in=list(languages), level__in=list(_LEVEL_LABEL))
        .order_by()
        .values("storyteller_id")
        .annotate(best=Max(_LEVELS))
        .values_list("storyteller_id", "best")
    )


def _interpretable(interpreters: Iterable[str]) -> set[int]:
    """Storytellers who need an interpreter for a language an active interpreter has."""
    return set(
        StorytellerLanguage.objects.filter(needs_interpreter=True)
        .annotate(lower=Lower("language"))
        .filter(lower__in=list(interpreters))
        .order_by()
        .values_list("storyteller_id", flat=True)
    )


def _shared_themes(themes: Iterable[int]) -> Counter[int]:
    """Storyteller id → how many of `themes` they share (those who share any)."""
    return Counter(
        StorytellerProfile.themes.through.objects.filter(theme_id__in=list(themes))
        .order_by()
        .values_list("storytellerprofile_id", flat=True)
    )


def _open_concerns() -> set[int]:
    # Only whether one is open: what it says is never read here.
    return set(
        SafeguardingConcern.objects.filter(status=SafeguardingConcern.Status.OPEN)
        .order_by()
        .values_list("storyteller_id", flat=True)
    )


def _cleared_for(request_id: int | None) -> set[int]:
    if not request_id:
        return set()
    return set(
        RequestCandidate.objects.filter(request_id=request_id, status__in=_CLEARED)
        .order_by()
        .values_list("storyteller_id", flat=True)
    )


def _may_fit(context: _Context) -> Q:
    """Consents worth judging while ranking: of storytellers available and rested.

    `rank` judges, of these, those whose language fits too; for anyone else consent
    cannot change the order (they do not fit anyway), and `explain` judges it when they
    are shown. (Filtering on language in SQL as well saved time only for rare
    languages, and cost as much for common ones.)
    """
    rested_since = context.on - datetime.timedelta(days=context.rest)
    return Q(storyteller__status=_ACTIVE, storyteller__is_available=True) & (
        Q(storyteller__last_media_appearance__isnull=True)
        | Q(storyteller__last_media_appearance__lte=rested_since)
    )


# --- Consents ---------------------------------------------------------------------------


def _consent_terms(
    context: _Context, only: Q, keep: set[int] | None = None
) -> dict[int, list[ConsentTerms]]:
    """The consents of the storytellers `only` selects (and `keep` keeps), newest first,
    judged for the request's outlet and media type."""
    needs = context.needs
    outlet, media_type = needs.outlet, needs.media_type
    if context.excludes_outlet is None or context.excludes_segment is None:
        context.excludes_outlet = set(
            Consent.excluded_outlets.through.objects.filter(outlet_id=outlet.pk)
            .order_by()
            .values_list("consent_id", flat=True)
        )
        context.excludes_segment = set(
            Consent.excluded_segments.through.objects.filter(audiencesegment_id=outlet.segment_id)
            .order_by()
            .values_list("consent_id", flat=True)
        )
    excludes_outlet, excludes_segment = context.excludes_outlet, context.excludes_segment
    outlet_excluded = _Excluded((outlet,))
    segment_excluded = _Excluded((outlet.segment,))
    covers_type, covers_nothing = (media_type,), ()
    kind_excluded = (outlet.kind,)
    # Whether the JSON lists hold this media type and this outlet kind, asked in SQL:
    # the text of a JSON list holds '"online"' exactly when the list holds "online".
    rows = (
        Consent.objects.filter(only)
        .order_by("storyteller_id", "-given_on", "-id")
        .alias(
            media_types_text=Cast("media_types", TextField()),
            kinds_text=Cast("excluded_outlet_kinds", TextField()),
        )
        .annotate(
            given=_date("given_on"),
            expires=_date("expires_on"),
            withdrawn=_date("withdrawn_on"),
            face=_flag("face_shown"),
            covers=_raw(Q(media_types_text__contains=json.dumps(media_type))),
            excludes_kind=_raw(Q(kinds_text__contains=json.dumps(outlet.kind))),
        )
        .values_list(
            "pk",
            "storyteller_id",
            "given",
            "expires",
            "withdrawn",
            "covers",
            "identity_level",
            "face",
            "excludes_kind",
        )
    )
    days = _Days()
    by_storyteller: dict[int, list[ConsentTerms]] = defaultdict(list)
    for pk, storyteller_id, given, expires, withdrawn, covers, level, face, kind in rows:
        if keep is not None and storyteller_id not in keep:
            continue
        by_storyteller[storyteller_id].append(
            ConsentTerms(
                pk,
                days[given],  # type: ignore[arg-type]  # never null
                days[expires],
                days[withdrawn],
                covers_type if covers else covers_nothing,
                level,
                face,
                kind_excluded if kind else covers_nothing,
                outlet_excluded if pk in excludes_outlet else _NOTHING_EXCLUDED,
                segment_excluded if pk in excludes_segment else _NOTHING_EXCLUDED,
            )
        )
    return by_storyteller


# --- Ranking ----------------------------------------------------------------------------


@dataclass
class _Context:
    """What ranking and explaining share for one request."""

    needs: Needs
    on: datetime.date
    rest: int
    interpreters: frozenset[str] = frozenset()
    regions: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    # Consents that exclude the request's outlet, or its audience segment.
    excludes_outlet: set[int] | None = None
    excludes_segment: set[int] | None = None


def _context(needs: Needs, *, on: datetime.date, rest: int) -> _Context:
    return _Context(
        needs=needs,
        on=on,
        rest=rest,
        interpreters=_interpreter_languages() if needs.languages else frozenset(),
        regions=_regions() if needs.region_id is not None else {},
    )


def _area(region_id: int, regions: Mapping[int, tuple[str, int | None]]) -> int:
    """The top region a region belongs to (itself when it has no parent)."""
    seen = 0
    while (parent := regions.get(region_id, ("", None))[1]) is not None and seen < 10:
        region_id, seen = parent, seen + 1
    return region_id


def _region_name(region_id: int, regions: Mapping[int, tuple[str, int | None]]) -> str:
    name, parent = regions.get(region_id, ("an unknown region", None))
    if parent is not None and parent in regions:
        return f"{regions[parent][0]} › {name}"
    return name


def rank(context: _Context) -> list[MatchResult]:
    """Every storyteller in the network, best match first, not yet explained.

    Those who fit (language, consent, availability, rest) come first, then those who
    fit but are held by an open safeguarding concern, then those who do not fit;
    within each group the higher score first, then the reference. Region, themes and
    readiness only score: they never rule anyone out.
    """
    needs, on = context.needs, context.on
    rest_gap = datetime.timedelta(days=context.rest)
    rows = (
        StorytellerProfile.objects.filter(status__in=IN_NETWORK)
        .order_by()
        .annotate(
            last=_date("last_media_appearance"),
            trained=_flag("media_training_done"),
            available=_flag("is_available"),
        )
        .values_list(
            "pk",
            "reference",
            "status",
            "region_id",
            "trained",
            "experience",
            "available",
            "availability_note",
            "last",
        )
    )
    asks_language = bool(needs.languages)
    best_levels = _best_levels(needs.languages) if asks_language else {}
    interpretable = (
        _interpretable(context.interpreters) if asks_language and context.interpreters else set()
    )
    shared_themes = _shared_themes(needs.themes) if needs.themes else Counter()
    theme_count = len(needs.themes)
    concerns, cleared = _open_concerns(), _cleared_for(needs.request_id)
    regions, wanted_region = context.regions, needs.region_id
    wanted_area = _area(wanted_region, regions) if wanted_region is not None else None
    region_points: dict[int | None, int] = {None: 0}
    days = _Days()

    results: list[MatchResult] = []
    to_judge: list[MatchResult] = []
    for pk, reference, status, region_id, trained, experience, available, note, last in rows:
        last_day = days[last]
        st = MatchedStoryteller(
            pk, reference, status, region_id, trained, experience, available, note, last_day
        )
        score = (2 if trained else 0) + _EXPERIENCE_SCORE.get(experience, 0)
        language_ok = True
        if asks_language:
            best = best_levels.get(pk, 0)
            if best >= 1:
                score += 3 if best >= 2 else 2
            elif pk in interpretable:
                score += 1
            else:
                language_ok = False
        if wanted_region is not None:
            points = region_points.get(region_id)
            if points is None:
                points = region_points[region_id] = (
                    3
                    if region_id == wanted_region
                    else 2
                    if _area(region_id, regions) == wanted_area
                    else 0
                )
            score += points
        if theme_count and (shared := shared_themes.get(pk)):
            score += max(1, 4 * shared // theme_count)
        lifted = pk in concerns and pk in cleared
        # Positional: this runs for every storyteller in the network.
        result = MatchResult(
            st, score, False, pk in concerns and not lifted, [], None, "", "", language_ok, lifted
        )
        results.append(result)
        if (
            language_ok
            and status == _ACTIVE
            and available
            and (last_day is None or last_day + rest_gap <= on)
        ):
            to_judge.append(result)

    # Consent, by the one judge, for those it can still make a fit.
    consents = _consent_terms(
        context,
        _may_fit(context),
        keep={result.storyteller.pk for result in to_judge},
    )
    for result in to_judge:
        covering, reason = covering_consent(
            consents.get(result.storyteller.pk, ()),
            storyteller_status=result.storyteller.status,
            outlet=needs.outlet,
            media_type=needs.media_type,
            identity_level=needs.identity_level,
            face_shown=needs.face_needed,
            on=on,
        )
        result.consent_reason = reason
        if covering is not None:
            result.eligible = True
            result.consent_id = covering.pk
    results.sort(key=lambda r: (not r.eligible, r.held, -r.score, r.storyteller.reference))
    return results


# --- Explaining -------------------------------------------------------------------------


def explain(context: _Context, results: Sequence[MatchResult]) -> None:
    """Give each of `results` its reasons, one per factor, in words (a few queries).

    Consent is judged here for those ranking did not need to judge, so that everyone
    shown learns why their consent does or does not cover the request.
    """
    if not results:
        return
    needs = context.needs
    ids = [r.storyteller.pk for r in results]
    by_id = len(ids) <= _EXPLAIN_BY_ID_UP_TO

    def of(storyteller: str) -> Q:
        # The storytellers to explain: these, or the whole network for a long list.
        if by_id:
            return Q(**{f"{storyteller}__in": ids})
        return Q(**{f"{storyteller.removesuffix('_id')}__status__in": IN_NETWORK})

    languages: dict[int, list[tuple[str, str, str, bool]]] = defaultdict(list)
    if needs.languages:
        rows = (
            StorytellerLanguage.objects.filter(of("storyteller_id"))
            .annotate(lower=Lower("language"))
            .filter(Q(lower__in=list(needs.languages)) | Q(needs_interpreter=True))
            .order_by()
            .values_list("storyteller_id", "lower", "language", "level", "needs_interpreter")
        )
        for storyteller_id, lower, language, level, needs_interpreter in rows:
            languages[storyteller_id].append((lower, language, level, needs_interpreter))

    themes: dict[int, set[int]] = defaultdict(set)
    if needs.themes:
        links = (
            StorytellerProfile.themes.through.objects.filter(theme_id__in=list(needs.themes))
            .filter(of("storytellerprofile_id"))
            .values_list("storytellerprofile_id", "theme_id")
        )
        for storyteller_id, theme_id in links:
            themes[storyteller_id].add(theme_id)

    unjudged = [r.storyteller.pk for r in results if not r.consent_reason]
    consents: dict[int, list[ConsentTerms]] = {}
    if unjudged:
        consents = _consent_terms(
            context,
            Q(storyteller_id__in=unjudged)
            if len(unjudged) <= _EXPLAIN_BY_ID_UP_TO
            else Q(storyteller__status__in=IN_NETWORK),
        )

    words = _Words(context)
    for result in results:
        st = result.storyteller
        interpreter_language = ""
        if needs.languages:
            language_reason, interpreter_language = words.language(languages.get(st.pk, ()))
        else:
            language_reason = _NO_LANGUAGE
        if not result.consent_reason:
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


_NO_LANGUAGE = Reason(True, "No language asked for.")
_NO_REGION_ASKED = Reason(True, "No region asked for.")
_NO_REGION = Reason(False, "No region recorded.")
_NO_THEMES_ASKED = Reason(True, "No themes asked for.")
_NO_SHARED_THEMES = Reason(False, "Shares none of the themes asked for.")
_PAUSED = Reason(False, "Paused: not taking part at the moment.")
_NEVER_APPEARED = Reason(True, "No media appearance recorded.")
_HELD = Reason(False, HELD_TEXT)
_CLEARED_HOLD = Reason(True, "Cleared by the safeguarding lead for this request.")
_NO_HOLD = Reason(True, "No safeguarding hold.")


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _join(names: Sequence[str], last: str = "or") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


class _Words:
    """The reasons, in words, for one request: the same rules as `rank`, spelt out."""

    def __init__(self, context: _Context) -> None:
        self.context = context
        needs = context.needs
        self.asked_languages = _join(list(needs.languages.values()))
        self.regions = context.regions
        self.wanted_region = needs.region_id
        self.wanted_area, self.wanted_region_name = 0, ""
        if needs.region_id is not None:
            self.wanted_area = _area(needs.region_id, self.regions)
            self.wanted_region_name = _region_name(needs.region_id, self.regions)
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
        name = _region_name(region_id, self.regions)
        if region_id == self.wanted_region:
            return Reason(True, f"Lives in {name}.")
        if _area(region_id, self.regions) == self.wanted_area:
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
        if st.status != _ACTIVE:
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


# --- The entry points -------------------------------------------------------------------


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Matching makes ~100,000 small tuples and lists, none in a reference cycle; the
    cyclic garbage collector would walk them again and again (a third of the time).
    Reference counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Ranking:
    """Every storyteller ranked for one request; `explain` gives a page its reasons."""

    results: list[MatchResult]
    context: _Context

    def explain(self, results: Sequence[MatchResult]) -> None:
        with _without_gc_pauses():
            explain(self.context, [r for r in results if not r.reasons])


def rank_request(
    request: JournalistRequest, *, on: datetime.date | None = None, rest: int | None = None
) -> Ranking:
    """Rank every storyteller in the network for this request; explain none yet."""
    with _without_gc_pauses():
        context = _context(
            needs_of(request),
            on=on or timezone.localdate(),
            rest=rest_days() if rest is None else rest,
        )
        return Ranking(rank(context), context)


def rank_storytellers(
    request: JournalistRequest, *, on: datetime.date | None = None, explain_first: int | None = None
) -> list[MatchResult]:
    """Every storyteller in the network ranked for this request, with reasons, fit or not.

    `explain_first`: only the best that many get their reasons now (None: all of them).
    """
    ranking = rank_request(request, on=on)
    shown = ranking.results if explain_first is None else ranking.results[:explain_first]
    ranking.explain(shown)
    return ranking.results


def match_summary(results: Sequence[MatchResult]) -> dict[str, Any]:
    eligible = [r for r in results if r.eligible]
    return {
        "considered": len(results),
        "eligible": sum(1 for r in eligible if not r.held),
        "held": sum(1 for r in eligible if r.held),
    }
