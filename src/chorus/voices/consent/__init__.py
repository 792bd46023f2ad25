"""The one judge of consent: does a valid consent cover this use of a person's story?

Every place that uses a story (linking a storyteller to a placement, a pitch, a
request, a post) asks `consent_covers` and records which consent covered the use;
an uncovered use is refused with the reason it returns. Nothing here writes.

The rule: on the day of a use, the newest consent the person had given by then
stands (it replaces the ones before it); it must be in force that day (not
withdrawn, not expired) and allow the media type, the identity level, the face,
and the outlet (not excluded by name, kind or audience). `consents_covering` asks the
same rule of the database, for every storyteller at once (matching needs that).

The outlet comes as plain data (`OutletFacts`: its organisation, kind code and audience
code, and its names for the reasons): voices does not know the app that keeps outlets.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from chorus.lib.jsonq import json_list_holds
from chorus.voices.models import Consent, IdentityLevel, MediaType, StorytellerProfile
from chorus.voices.outlets import OutletFacts


@dataclass(frozen=True)
class Coverage:
    covered: bool
    consent: Consent | None
    reason: str

    def __bool__(self) -> bool:
        return self.covered


class ConsentStatus(models.TextChoices):
    """Where a consent stands on a given day, whatever use is asked of it."""

    IN_FORCE = "in_force", "In force"
    NOT_YET_VALID = "not_yet_valid", "Not yet valid"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentLike(Protocol):
    """What the judge reads of a consent: a Consent row or a light stand-in for one."""

    @property
    def given_on(self) -> datetime.date: ...
    @property
    def expires_on(self) -> datetime.date | None: ...
    @property
    def withdrawn_on(self) -> datetime.date | None: ...
    @property
    def media_types(self) -> Any: ...
    @property
    def identity_level(self) -> str: ...
    @property
    def face_shown(self) -> bool: ...
    @property
    def excluded_outlet_kinds(self) -> Any: ...
    @property
    def excluded_audiences(self) -> Any: ...
    # Answers `.all()` with objects that have a `pk`: the excluded outlets' organisations.
    @property
    def excluded_organisations(self) -> Any: ...


# Matching judges thousands of consents per request: each date is written out once.
@functools.lru_cache(maxsize=4096)
def day(value: datetime.date) -> str:
    """'3 March 2023': the way dates are written in reasons (no zero padding, any platform)."""
    return f"{value.day} {value:%B %Y}"


_IDENTITY_RANKS = {value: rank for rank, value in enumerate(IdentityLevel.values)}


def _identity_rank(value: str) -> int:
    """IdentityLevel.rank, by a dict look-up (the judge runs thousands of times per match)."""
    rank = _IDENTITY_RANKS.get(value)
    return IdentityLevel.rank(value) if rank is None else rank


def lower_first(label: str) -> str:
    """'Broadcast (TV / radio)' → 'broadcast (TV / radio)'; 'TV' stays 'TV'."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def consent_status(consent: ConsentLike, on: datetime.date | None = None) -> ConsentStatus:
    """In force, not yet valid, expired or withdrawn on `on` (today by default)."""
    on = on or timezone.localdate()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return ConsentStatus.WITHDRAWN
    if consent.given_on > on:
        return ConsentStatus.NOT_YET_VALID
    if consent.expires_on is not None and consent.expires_on < on:
        return ConsentStatus.EXPIRED
    return ConsentStatus.IN_FORCE


def _refusal(
    consent: ConsentLike,
    *,
    outlet: OutletFacts | None,
    media_type: str,
    identity_level: str,
    face_shown: bool,
    on: datetime.date,
) -> str | None:
    """Why this consent does not cover the use, or None when it does."""
    given = f"The consent given on {day(consent.given_on)}"
    status = consent_status(consent, on)
    if status == ConsentStatus.WITHDRAWN and consent.withdrawn_on is not None:
        return f"{given} was withdrawn on {day(consent.withdrawn_on)}."
    if status == ConsentStatus.NOT_YET_VALID:
        return f"{given} does not apply before that date."
    if status == ConsentStatus.EXPIRED and consent.expires_on is not None:
        return f"{given} expired on {day(consent.expires_on)}."
    if media_type not in consent.media_types:
        return f"{given} does not cover {lower_first(MediaType(media_type).label)}."
    if _identity_rank(identity_level) > _identity_rank(consent.identity_level):
        allowed = lower_first(IdentityLevel(consent.identity_level).label)
        wanted = lower_first(IdentityLevel(identity_level).label)
        return f"{given} allows at most: {allowed}; this use would be: {wanted}."
    if face_shown and not consent.face_shown:
        return f"{given} does not allow their face to be shown."
    if outlet is not None:
        if outlet.organisation_id is not None and any(
            excluded.pk == outlet.organisation_id
            for excluded in consent.excluded_organisations.all()
        ):
            return f"{given} excludes {outlet}."
        if outlet.kind in consent.excluded_outlet_kinds:
            kind = lower_first(outlet.kind_label)
            return f"{given} excludes {kind} outlets such as {outlet}."
        if outlet.segment and outlet.segment in (consent.excluded_audiences or ()):
            audience = lower_first(outlet.segment_name or outlet.segment)
            return f"{given} excludes outlets whose audience is {audience}."
    return None


LEFT_REASON = "This storyteller has left the network: their story cannot be used."
NO_CONSENT_REASON = "No consent has been recorded for this storyteller."


def governing_consent[C: ConsentLike](consents: Iterable[C], on: datetime.date) -> C | None:
    """The consent that stands on `on`: the newest given on or before that day.

    A newer consent replaces the older ones, so a person who narrows what they agree
    to (no face any more, no broadcast) is never used under the broader consent they
    gave before. `consents` come newest first.
    """
    return next((consent for consent in consents if consent.given_on <= on), None)


def covering_consent[C: ConsentLike](
    consents: Iterable[C],
    *,
    storyteller_status: str,
    outlet: OutletFacts | None = None,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
    on: datetime.date,
) -> tuple[C | None, str]:
    """The judge itself, over consents already loaded: (covering consent or None, reason).

    `consents` are Consent rows, or objects with the same attributes (matching builds
    light ones for thousands of storytellers), newest first, with their exclusions
    answering `.all()`. Only the consent that stands on that day (`governing_consent`)
    is judged. Makes no query of its own.
    """
    if storyteller_status in (StorytellerProfile.Status.LEFT, StorytellerProfile.Status.ERASED):
        return None, LEFT_REASON
    consents = list(consents)
    if not consents:
        return None, NO_CONSENT_REASON
    consent = governing_consent(consents, on)
    if consent is None:
        first = consents[-1].given_on
        return None, f"No consent had been given by {day(on)}: the first was given on {day(first)}."
    refusal = _refusal(
        consent,
        outlet=outlet,
        media_type=media_type,
        identity_level=identity_level,
        face_shown=face_shown,
        on=on,
    )
    if refusal is not None:
        return None, refusal
    return consent, f"Covered by the consent given on {day(consent.given_on)}."


def consents_covering(
    *,
    outlet: OutletFacts | None = None,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
    on: datetime.date,
) -> models.QuerySet[Consent]:
    """The consents that cover this use on `on`, for every storyteller at once, in SQL.

    The same rule as `covering_consent` (change one, change the other): per storyteller
    only the consent that stands that day (`governing_consent`: the newest given by then,
    the higher id on the same day) can cover, and `_refusal` must find nothing against
    it. It does not look at the storyteller's status: leave out those who left the
    network. Matching asks it for thousands of storytellers; it reads no encrypted field.
    """
    newer = Consent.objects.filter(
        Q(given_on__gt=OuterRef("given_on"))
        | Q(given_on=OuterRef("given_on"), pk__gt=OuterRef("pk")),
        storyteller_id=OuterRef("storyteller_id"),
        given_on__lte=on,
    )
    wanted = _identity_rank(identity_level)
    levels = [level for level in IdentityLevel.values if _identity_rank(level) >= wanted]
    covering = (
        Consent.objects.order_by()
        .filter(given_on__lte=on, identity_level__in=levels)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .filter(json_list_holds("media_types", media_type))
    )
    if face_shown:
        covering = covering.filter(face_shown=True)
    if outlet is not None:
        covering = covering.exclude(json_list_holds("excluded_outlet_kinds", outlet.kind))
        if outlet.organisation_id is not None:
            covering = covering.exclude(
                pk__in=Consent.excluded_organisations.through.objects.filter(
                    organisation_id=outlet.organisation_id
                ).values("consent_id")
            )
        if outlet.segment:
            covering = covering.exclude(json_list_holds("excluded_audiences", outlet.segment))
    return covering.exclude(Exists(newer))


def consent_covers(
    *,
    storyteller: StorytellerProfile,
    outlet: OutletFacts | None = None,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
    on: datetime.date | None = None,
) -> Coverage:
    """Does a consent of this storyteller cover this use on this date? Says why not.

    `outlet` is the outlet as plain data, or None (for uses with no outlet, such as a
    social post).
    The rules and reasons are `covering_consent`'s: the newest consent given by that
    day stands, and it must be in force and allow the use.
    """
    consents: list[Consent] = []
    if storyteller.status not in (
        StorytellerProfile.Status.LEFT,
        StorytellerProfile.Status.ERASED,
    ):
        consents = list(
            storyteller.consents.prefetch_related("excluded_organisations").order_by(
                "-given_on", "-id"
            )
        )
    consent, reason = covering_consent(
        consents,
        storyteller_status=storyteller.status,
        outlet=outlet,
        media_type=media_type,
        identity_level=identity_level,
        face_shown=face_shown,
        on=on or timezone.localdate(),
    )
    return Coverage(consent is not None, consent, reason)
