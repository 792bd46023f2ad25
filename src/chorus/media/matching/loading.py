"""The queries matching makes: each reads one fact for every storyteller at once.

A fixed handful of queries whatever the size of the network, each over its own table
and returning plain values (no model is built, nothing is decrypted, and what a
safeguarding concern says is never read: only whether one is open). Rows of people
who left the network are simply never looked up.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Field,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Collate, Lower

from chorus.media.matching.context import IN_NETWORK, Context
from chorus.people.models import Region
from chorus.voices.consent import consents_covering
from chorus.voices.models import (
    Consent,
    Interpreter,
    StorytellerLanguage,
    StorytellerProfile,
)
from chorus.voices.safeguarding import held_for

CONVERSATIONAL = StorytellerLanguage.Level.CONVERSATIONAL.value
FLUENT_OR_BETTER = (StorytellerLanguage.Level.FLUENT.value, StorytellerLanguage.Level.NATIVE.value)


class Days(dict[Any, datetime.date | None]):
    """Dates by the value read from the database: each distinct day is parsed once."""

    def __missing__(self, value: Any) -> datetime.date | None:
        if value is None or isinstance(value, datetime.date):
            day = value
        else:
            day = datetime.date.fromisoformat(value)
        self[value] = day
        return day


def _raw(expression: Any) -> Any:
    """The expression without Django's per-row conversion (thousands of rows).

    On SQLite, Django converts each boolean, and each value an expression computes,
    again after sqlite3 has; a bare Field has no converter. Other databases send values
    ready-made.
    """
    return ExpressionWrapper(expression, output_field=Field())


def _date(name: str) -> Any:
    # SQLite hands dates over as text parsed row by row: read the text, parse each
    # distinct day once (`Days`). Other databases send dates ready-made.
    return Cast(name, TextField()) if connection.vendor == "sqlite" else F(name)


def _flag(name: str) -> Any:
    return _raw(F(name)) if connection.vendor == "sqlite" else F(name)


def _of(field: str, storytellers: Collection[int] | None) -> Q:
    """Rows of these storytellers, or (None) of everyone in the network."""
    if storytellers is None:
        return Q(**{f"{field.removesuffix('_id')}__status__in": IN_NETWORK})
    return Q(**{f"{field}__in": list(storytellers)})


# --- What the request needs to know once ------------------------------------------------


def interpreter_languages() -> frozenset[str]:
    """Languages, lower-cased, of the interpreters who are active."""
    return frozenset(
        language.strip().lower()
        for spoken in Interpreter.objects.filter(is_active=True).values_list("languages", flat=True)
        for language in spoken.split(",")
        if language.strip()
    )


def regions() -> dict[int, tuple[str, int | None]]:
    return {
        pk: (name, parent)
        for pk, name, parent in Region.objects.order_by().values_list("pk", "name", "parent_id")
    }


# --- For ranking: one query per fact, for every storyteller -----------------------------

STORYTELLER_FIELDS = (
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


def storytellers() -> Iterable[tuple[Any, ...]]:
    """Everyone in the network, by reference: the plain fields of `MatchedStoryteller`,
    in its order (`last`, the last media appearance, still to be read through `Days`).

    By reference as Python compares strings (code point by code point), so that ranking
    only has to sort by score, keeping this order among equals.
    """
    by_reference = Collate("reference", "C") if connection.vendor == "postgresql" else "reference"
    return (
        StorytellerProfile.objects.filter(status__in=IN_NETWORK)
        .order_by(by_reference)
        .annotate(
            last=_date("last_media_appearance"),
            trained=_flag("media_training_done"),
            available=_flag("is_available"),
        )
        .values_list(*STORYTELLER_FIELDS)
    )


def language_points(languages: Collection[str], interpreters: Collection[str]) -> dict[int, int]:
    """Storyteller id → what their language is worth, for those whose language fits.

    3: speaks a language asked for (lower-cased `languages`) fluently or as a first
    language; 2: at conversational level; 1: neither, but needs an interpreter for a
    language an active interpreter has (lower-cased `interpreters`). The best counts.
    """
    asked = list(languages)
    # The cheap test first in each condition: lower-casing every row costs more.
    fluent = Q(level__in=FLUENT_OR_BETTER) & Q(lower__in=asked)
    conversational = Q(level=CONVERSATIONAL) & Q(lower__in=asked)
    speaks = fluent | conversational
    if interpreters:
        speaks |= Q(needs_interpreter=True) & Q(lower__in=list(interpreters))
    ladder = [When(fluent, then=Value(3)), When(conversational, then=Value(2))]
    rows = (
        StorytellerLanguage.objects.annotate(lower=Lower("language"))
        .filter(speaks)
        .order_by()
        .values_list("storyteller_id", _raw(Case(*ladder, default=Value(1))))
    )
    # The best of each storyteller's languages, kept here: grouping in SQL cost more.
    best: dict[int, int] = {}
    for storyteller_id, points in rows:
        if points > best.get(storyteller_id, 0):
            best[storyteller_id] = points
    return best


def shared_themes(themes: Iterable[int]) -> Counter[int]:
    """Storyteller id → how many of `themes` they share (those who share any)."""
    return Counter(
        StorytellerProfile.themes.through.objects.filter(theme_id__in=list(themes))
        .order_by()
        .values_list("storytellerprofile_id", flat=True)
    )


def held_and_cleared(context: Context) -> tuple[set[int], set[int]]:
    """Who the safeguarding judge refuses for this request's use, and who the lead cleared.

    The same rule as every other use (`chorus.voices.safeguarding`): an open concern
    holds; a cleared one binds with its conditions. What a concern says is never read.
    """
    needs = context.needs
    return held_for(media_type=needs.media_type, identity_level=needs.identity_level, on=context.on)


def covering_consents(context: Context) -> dict[int, int]:
    """Storyteller id → the consent that covers the request, for those whose consent does.

    Asked of the database for everyone at once (`consents_covering`, the SQL twin of
    the one judge): loading and judging each storyteller's consents in Python was a
    large part of the cost of matching.
    """
    needs = context.needs
    return dict(
        consents_covering(
            outlet=needs.outlet,
            media_type=needs.media_type,
            identity_level=needs.identity_level,
            face_shown=needs.face_needed,
            on=context.on,
        ).values_list("storyteller_id", "pk")
    )


# --- For explaining: the details behind the facts, for the storytellers shown ----------


def languages_spoken(
    context: Context, storytellers: Collection[int] | None
) -> dict[int, list[tuple[str, str, str, bool]]]:
    """Storyteller id → (lower-cased, as written, level, needs an interpreter) of each
    language they speak that was asked for, or that they need an interpreter for."""
    spoken: dict[int, list[tuple[str, str, str, bool]]] = defaultdict(list)
    rows = (
        StorytellerLanguage.objects.filter(_of("storyteller_id", storytellers))
        .annotate(lower=Lower("language"))
        .filter(Q(lower__in=list(context.needs.languages)) | Q(needs_interpreter=True))
        .order_by()
        .values_list("storyteller_id", "lower", "language", "level", "needs_interpreter")
    )
    for storyteller_id, lower, language, level, needs_interpreter in rows:
        spoken[storyteller_id].append((lower, language, level, needs_interpreter))
    return spoken


def themes_shared(context: Context, storytellers: Collection[int] | None) -> dict[int, set[int]]:
    """Storyteller id → the ids of the themes asked for that they share."""
    themes: dict[int, set[int]] = defaultdict(set)
    links = (
        StorytellerProfile.themes.through.objects.filter(theme_id__in=list(context.needs.themes))
        .filter(_of("storytellerprofile_id", storytellers))
        .order_by()
        .values_list("storytellerprofile_id", "theme_id")
    )
    for storyteller_id, theme_id in links:
        themes[storyteller_id].add(theme_id)
    return themes


class _Excluded:
    """Stands in for a consent's prefetched exclusions (`.all()`)."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Any, ...]) -> None:
        self.items = items

    def all(self) -> tuple[Any, ...]:
        return self.items


_NOTHING_EXCLUDED = _Excluded(())


class _Organisation(NamedTuple):
    """Stands in for the excluded organisation: the judge compares its `pk`."""

    pk: int | None


class ConsentTerms(NamedTuple):
    """A consent as `covering_consent` reads it, built from plain values (no model).

    Judged for one use only (this outlet, this media type), its lists hold just what
    can decide that use: the media type if the consent covers it, the outlet's kind,
    the outlet and its segment if the consent excludes them.
    """

    pk: int
    given_on: datetime.date
    expires_on: datetime.date | None
    withdrawn_on: datetime.date | None
    media_types: tuple[str, ...]
    identity_level: str
    face_shown: bool
    excluded_outlet_kinds: tuple[str, ...]
    excluded_audiences: tuple[str, ...]
    excluded_organisations: _Excluded


def consent_terms(
    context: Context, storytellers: Collection[int] | None
) -> dict[int, list[ConsentTerms]]:
    """Storyteller id → their consents, newest first, as the judge reads them for the
    request's outlet and media type."""
    needs = context.needs
    outlet, media_type = needs.outlet, needs.media_type
    outlet_excluded = _Excluded((_Organisation(outlet.organisation_id),))
    segment_excluded = (outlet.segment,)
    covers_type, nothing = (media_type,), ()
    kind_excluded = (outlet.kind,)
    # Whether the JSON lists hold this media type and this outlet kind, asked in SQL:
    # the text of a JSON list holds '"online"' exactly when the list holds "online".
    rows = (
        Consent.objects.filter(_of("storyteller_id", storytellers))
        .order_by("storyteller_id", "-given_on", "-id")
        .alias(
            media_types_text=Cast("media_types", TextField()),
            kinds_text=Cast("excluded_outlet_kinds", TextField()),
            audiences_text=Cast("excluded_audiences", TextField()),
        )
        .annotate(
            given=_date("given_on"),
            expires=_date("expires_on"),
            withdrawn=_date("withdrawn_on"),
            face=_flag("face_shown"),
            covers=_raw(Q(media_types_text__contains=json.dumps(media_type))),
            excludes_kind=_raw(Q(kinds_text__contains=json.dumps(outlet.kind))),
            excludes_outlet=Exists(
                Consent.excluded_organisations.through.objects.filter(
                    consent_id=OuterRef("pk"), organisation_id=outlet.organisation_id or 0
                )
            ),
            excludes_segment=_raw(Q(audiences_text__contains=json.dumps(outlet.segment))),
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
            "excludes_outlet",
            "excludes_segment",
        )
    )
    days = Days()
    by_storyteller: dict[int, list[ConsentTerms]] = defaultdict(list)
    for pk, storyteller_id, given, expires, withdrawn, covers, level, face, kind, o, s in rows:
        by_storyteller[storyteller_id].append(
            ConsentTerms(
                pk,
                days[given],  # type: ignore[arg-type]  # never null
                days[expires],
                days[withdrawn],
                covers_type if covers else nothing,
                level,
                face,
                kind_excluded if kind else nothing,
                segment_excluded if s and outlet.segment else nothing,
                outlet_excluded if o and outlet.organisation_id else _NOTHING_EXCLUDED,
            )
        )
    return by_storyteller
