"""The one judge of safeguarding: may this person's story be used now, in this way?

Consent asks "did they agree to this use?" (`chorus.voices.consent`); safeguarding asks
"is it safe for them now?". Every new use of a story asks both: `story_use_record`
asks this judge for every kind of use (pitch, placement, request outcome, post,
podcast guest, case study), and the steps that bring a person closer to the media
(shortlisting, clearing, briefing) ask it too.

The rule:

- an open concern holds the person: every use is refused, with a reason that says
  nothing of the concern ("On hold: ask the safeguarding lead.");
- only the safeguarding lead or an admin clears a hold (`hold_clear`). Clearing
  applies to the person, not to one request, until the concern is closed, and it
  records a note and optional conditions: at most an identity level ("anonymous
  only"), media types ruled out ("no broadcast"), a first allowed day ("not before
  1 March"). While the cleared concern stays open, those conditions bind every use;
- a closed concern holds nothing and binds nothing.

Nothing here reads what a concern says: only its status and the clearance's
conditions. `held_for` applies the same rule to many people at once (matching).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.accounts.access import can
from chorus.privacy.services import audited_update
from chorus.voices.models import IdentityLevel, MediaType, SafeguardingConcern, StorytellerProfile

HOLD_REASON = "On hold: ask the safeguarding lead."


@dataclass(frozen=True)
class Safeguarding:
    """The judge's answer: whether the use may go ahead, and why not when it may not."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


class ConcernLike(Protocol):
    """What the judge reads of a concern: its status and a clearance's conditions."""

    @property
    def status(self) -> str: ...
    @property
    def max_identity_level(self) -> str: ...
    @property
    def excluded_media_types(self) -> Any: ...
    @property
    def not_before(self) -> datetime.date | None: ...


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _label(media_type: str) -> str:
    try:
        label = str(MediaType(media_type).label)
    except ValueError:
        label = media_type
    return label[:1].lower() + label[1:]


def conditions_text(concern: ConcernLike) -> list[str]:
    """A clearance's conditions in plain words ("anonymous only", "no broadcast …")."""
    words: list[str] = []
    if concern.max_identity_level:
        level = str(IdentityLevel(concern.max_identity_level).label).lower()
        words.append(f"{level} only" if level == "anonymous" else f"at most: {level}")
    for media_type in concern.excluded_media_types or ():
        words.append(f"no {_label(media_type)}")
    if concern.not_before is not None:
        words.append(f"not before {_day(concern.not_before)}")
    return words


def _condition_refusal(
    concern: ConcernLike, *, media_type: str, identity_level: str, on: datetime.date
) -> str | None:
    cleared = "Cleared by the safeguarding lead"
    if concern.max_identity_level and IdentityLevel.rank(identity_level) > IdentityLevel.rank(
        concern.max_identity_level
    ):
        allowed = str(IdentityLevel(concern.max_identity_level).label).lower()
        wanted = str(IdentityLevel(identity_level).label).lower()
        return f"{cleared} for uses that are at most: {allowed}; this use would be: {wanted}."
    if media_type in (concern.excluded_media_types or ()):
        return f"{cleared} on condition: no {_label(media_type)}."
    if concern.not_before is not None and on < concern.not_before:
        return f"{cleared} on condition: not before {_day(concern.not_before)}."
    return None


def judge(
    concerns: Iterable[ConcernLike], *, media_type: str, identity_level: str, on: datetime.date
) -> Safeguarding:
    """The rule over concerns already loaded (any status). Makes no query of its own."""
    cleared: list[ConcernLike] = []
    for concern in concerns:
        if concern.status == SafeguardingConcern.Status.OPEN:
            return Safeguarding(False, HOLD_REASON)
        if concern.status == SafeguardingConcern.Status.CLEARED:
            cleared.append(concern)
    for concern in cleared:
        refusal = _condition_refusal(
            concern, media_type=media_type, identity_level=identity_level, on=on
        )
        if refusal is not None:
            return Safeguarding(False, refusal)
    return Safeguarding(True, "No safeguarding hold.")


def _binding(storyteller_ids: Iterable[int]) -> Any:
    return SafeguardingConcern.objects.filter(
        storyteller_id__in=storyteller_ids,
        status__in=(SafeguardingConcern.Status.OPEN, SafeguardingConcern.Status.CLEARED),
    ).only("storyteller_id", "status", "max_identity_level", "excluded_media_types", "not_before")


def safeguarding_allows(
    *,
    storyteller: StorytellerProfile,
    media_type: str,
    identity_level: str,
    on: datetime.date | None = None,
) -> Safeguarding:
    """May this storyteller's story be used this way on `on` (today by default)? Says why not."""
    return judge(
        _binding([storyteller.pk]),
        media_type=media_type,
        identity_level=identity_level,
        on=on or timezone.localdate(),
    )


def is_held(storyteller: StorytellerProfile) -> bool:
    """Whether an open concern holds this person (never what it says)."""
    return storyteller.pk in held_among([storyteller.pk])


def held_among(storyteller_ids: Iterable[int]) -> set[int]:
    """Which of these people an open concern holds (one query; never what it says)."""
    return set(
        SafeguardingConcern.objects.filter(
            storyteller_id__in=list(storyteller_ids), status=SafeguardingConcern.Status.OPEN
        ).values_list("storyteller_id", flat=True)
    )


def held_for(
    *, media_type: str, identity_level: str, on: datetime.date
) -> tuple[set[int], set[int]]:
    """For a whole network at once: (ids the judge refuses for this use, ids cleared for it).

    "Cleared" are people whose concern the lead cleared and whose conditions allow the
    use; matching shows them as such. One query, over concerns that hold or bind only.
    """
    by_person: dict[int, list[SafeguardingConcern]] = {}
    for concern in SafeguardingConcern.objects.filter(
        storyteller__isnull=False,
        status__in=(SafeguardingConcern.Status.OPEN, SafeguardingConcern.Status.CLEARED),
    ).only("storyteller_id", "status", "max_identity_level", "excluded_media_types", "not_before"):
        if concern.storyteller_id is not None:
            by_person.setdefault(concern.storyteller_id, []).append(concern)
    refused: set[int] = set()
    cleared: set[int] = set()
    for pk, concerns in by_person.items():
        verdict = judge(concerns, media_type=media_type, identity_level=identity_level, on=on)
        (cleared if verdict else refused).add(pk)
    return refused, cleared


@transaction.atomic
def hold_clear(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    note: str,
    max_identity_level: str = "",
    excluded_media_types: Iterable[str] = (),
    not_before: datetime.date | None = None,
    on: datetime.date | None = None,
) -> list[SafeguardingConcern]:
    """The safeguarding lead (or an admin) clears the hold on a person, with conditions.

    Every open concern about the person becomes "cleared" with the note and the
    conditions, which bind every use until the concern is closed. Raises
    PermissionDenied for anyone else, ValidationError for a missing note, an unknown
    condition or a person with no open concern.
    """
    if not can(actor, "safeguarding", "change"):
        raise PermissionDenied("Only the safeguarding lead or an admin can clear a hold.")
    note = note.strip()
    if not note:
        raise ValidationError("Say why the hold can be cleared: the note is kept with it.")
    if max_identity_level and max_identity_level not in IdentityLevel.values:
        raise ValidationError("Choose an identity level from the list.")
    excluded = sorted(set(excluded_media_types))
    if any(media_type not in MediaType.values for media_type in excluded):
        raise ValidationError("Choose media types from the list.")
    concerns = list(
        SafeguardingConcern.objects.select_for_update().filter(
            storyteller=storyteller, status=SafeguardingConcern.Status.OPEN
        )
    )
    if not concerns:
        raise ValidationError(f"{storyteller.reference} is not on hold.")
    today = on or timezone.localdate()
    for concern in concerns:
        audited_update(
            actor=actor,
            instance=concern,
            fields={
                "status": SafeguardingConcern.Status.CLEARED,
                "cleared_by": actor,
                "cleared_on": today,
                "clearance_note": note,
                "max_identity_level": max_identity_level,
                "excluded_media_types": excluded,
                "not_before": not_before,
            },
        )
    return concerns
