"""Writes of journalists' requests and of pitches. Each is one transaction with its audit rows.

A storyteller is put forward for a request, or named in a pitch, only when both
judges allow it: `consent_covers` (a consent covers that use) and
`safeguarding_allows` (no open concern holds them, and the conditions of a cleared
one allow the use). Both are asked again at each step that moves them closer to the
media (clearing, briefing, the outcome), because consent can be withdrawn and a
concern raised at any time. Only the safeguarding lead or an admin clears a hold.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.accounts.access import can
from chorus.media.journalists.services import journalist_create
from chorus.media.models import (
    Journalist,
    JournalistRequest,
    Outlet,
    Pitch,
    Placement,
    RequestCandidate,
)
from chorus.media.services import placement_create
from chorus.media.story_uses import (
    outlet_facts,
    pitch_uses,
    pitch_voice_record,
    placement_voice_record,
)
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    audited_create,
    audited_update,
    created_fields,
    diff,
    snapshot,
)
from chorus.voices.consent import Coverage, consent_covers
from chorus.voices.models import Interpreter, StorytellerProfile
from chorus.voices.safeguarding import hold_clear, is_held, safeguarding_allows


class RequestError(Exception):
    """A step on a request or a pitch that cannot be taken. The message says why, in plain words."""


# Request statuses in the order a request moves through them; a step only moves forward.
_REQUEST_PROGRESS = [
    JournalistRequest.Status.OPEN,
    JournalistRequest.Status.MATCHING,
    JournalistRequest.Status.SAFEGUARDING,
    JournalistRequest.Status.BRIEFED,
    JournalistRequest.Status.DONE,
]
_CLOSED = (JournalistRequest.Status.DONE, JournalistRequest.Status.DECLINED)


def _names(items: Iterable[Any]) -> list[str]:
    return sorted(str(item) for item in items)


def _update(*, actor: Any, instance: JournalistRequest | Pitch, fields: dict[str, Any]) -> None:
    """`audited_update` for requests and pitches, which may have no `created_by`.

    Their `created_by` is nullable but not blank (records made by imports or the demo
    have none), so full validation would refuse every change to them; it is the one
    field left out.
    """
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean(exclude=["created_by"])
    changes = diff(before, instance)
    if changes:
        touched = [name for name in ("updated_at",) if hasattr(instance, name)]
        instance.save(update_fields=[*changes, *touched])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=instance, changes=changes)


def _record_use(*, record: Callable[..., Any], **kwargs: Any) -> None:
    """Record a use of a story (with the consent covering it), or refuse with the reason."""
    try:
        record(**kwargs)
    except ValidationError as exc:
        raise RequestError(" ".join(exc.messages)) from exc


def _advance(*, actor: Any, journalist_request: JournalistRequest, to: str) -> None:
    current = journalist_request.status
    if current in _CLOSED or current not in _REQUEST_PROGRESS:
        return
    if _REQUEST_PROGRESS.index(JournalistRequest.Status(to)) > _REQUEST_PROGRESS.index(
        JournalistRequest.Status(current)
    ):
        _update(actor=actor, instance=journalist_request, fields={"status": to})


# --- Requests -----------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    actor: Any,
    themes: Iterable[Any] = (),
    new_journalist: dict[str, str] | None = None,
    **fields: Any,
) -> JournalistRequest:
    """Log a request. `new_journalist` ({"full_name", "email"}) adds its journalist to the
    directory at the request's outlet, in the same transaction."""
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    if new_journalist:
        if not can(actor, "journalists", "change"):
            raise PermissionDenied("Only the media desk adds journalists.")
        outlet = fields["outlet"]
        profile = journalist_create(
            actor=actor,
            full_name=new_journalist["full_name"],
            email=new_journalist.get("email", ""),
            outlets=[outlet],
        )
        fields["journalist"] = Journalist.objects.get(person=profile.person, outlet=outlet)
    journalist_request = JournalistRequest(created_by=created_by, **fields)
    journalist_request.full_clean(exclude=["created_by"])  # see _update
    journalist_request.save()
    themes = list(themes)
    journalist_request.themes.set(themes)
    changes = created_fields(journalist_request)
    if themes:
        changes["themes"] = {"from": None, "to": _names(themes)}
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=journalist_request, changes=changes
    )
    return journalist_request


@transaction.atomic
def request_update(
    *,
    actor: Any,
    journalist_request: JournalistRequest,
    themes: Iterable[Any] | None = None,
    **fields: Any,
) -> JournalistRequest:
    _update(actor=actor, instance=journalist_request, fields=fields)
    if themes is not None:
        before = _names(journalist_request.themes.all())
        themes = list(themes)
        journalist_request.themes.set(themes)
        after = _names(themes)
        if after != before:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=journalist_request,
                changes={"themes": {"from": before, "to": after}},
            )
    return journalist_request


def request_coverage_check(
    *, journalist_request: JournalistRequest, storyteller: StorytellerProfile
) -> Coverage:
    """Does a consent of `storyteller` cover what this request would make of their story?"""
    return consent_covers(
        storyteller=storyteller,
        outlet=outlet_facts(journalist_request.outlet),
        media_type=journalist_request.media_type,
        identity_level=journalist_request.identity_level_acceptable,
        face_shown=journalist_request.face_needed,
    )


def _covered(candidate: RequestCandidate) -> Coverage:
    """The consent covering the candidate's part in the request; both judges must allow it."""
    journalist_request = candidate.request
    safe = safeguarding_allows(
        storyteller=candidate.storyteller,
        media_type=journalist_request.media_type,
        identity_level=candidate.identity_level,
    )
    if not safe:
        raise RequestError(f"{candidate.storyteller.reference}: {safe.reason}")
    coverage = request_coverage_check(
        journalist_request=journalist_request, storyteller=candidate.storyteller
    )
    if not coverage:
        raise RequestError(f"{candidate.storyteller.reference}: {coverage.reason}")
    return coverage


@transaction.atomic
def candidate_shortlist(
    *, actor: Any, journalist_request: JournalistRequest, storyteller: StorytellerProfile
) -> RequestCandidate:
    """Put a storyteller forward for a request, if a consent covers the use.

    A storyteller held by an open safeguarding concern goes straight to the
    safeguarding step.
    """
    if journalist_request.status in _CLOSED:
        raise RequestError("This request is closed: reopen it before putting anyone forward.")
    if journalist_request.candidates.filter(storyteller=storyteller).exists():
        raise RequestError(f"{storyteller.reference} is already on the shortlist.")
    coverage = request_coverage_check(
        journalist_request=journalist_request, storyteller=storyteller
    )
    if not coverage:
        raise RequestError(f"{storyteller.reference} cannot be put forward: {coverage.reason}")
    held = is_held(storyteller)
    if not held:
        safe = safeguarding_allows(
            storyteller=storyteller,
            media_type=journalist_request.media_type,
            identity_level=journalist_request.identity_level_acceptable,
        )
        if not safe:
            raise RequestError(f"{storyteller.reference} cannot be put forward: {safe.reason}")
    candidate = audited_create(
        actor=actor,
        instance=RequestCandidate(
            request=journalist_request,
            storyteller=storyteller,
            identity_level=journalist_request.identity_level_acceptable,
            consent=coverage.consent,
            status=RequestCandidate.Status.SAFEGUARDING
            if held
            else RequestCandidate.Status.SHORTLISTED,
        ),
    )
    _advance(
        actor=actor,
        journalist_request=journalist_request,
        to=JournalistRequest.Status.SAFEGUARDING if held else JournalistRequest.Status.MATCHING,
    )
    return candidate


def _require_status(candidate: RequestCandidate, allowed: Sequence[str], doing: str) -> None:
    if candidate.status not in allowed:
        raise RequestError(
            f"{candidate.storyteller.reference} is "
            f"“{candidate.get_status_display().lower()}”: they cannot be {doing} now."
        )


@transaction.atomic
def candidate_send_to_safeguarding(*, actor: Any, candidate: RequestCandidate) -> None:
    _require_status(candidate, [RequestCandidate.Status.SHORTLISTED], "sent for safeguarding")
    audited_update(
        actor=actor, instance=candidate, fields={"status": RequestCandidate.Status.SAFEGUARDING}
    )
    _advance(
        actor=actor,
        journalist_request=candidate.request,
        to=JournalistRequest.Status.SAFEGUARDING,
    )


@transaction.atomic
def candidate_clear(
    *,
    actor: Any,
    candidate: RequestCandidate,
    on: datetime.date | None = None,
    note: str = "",
    max_identity_level: str = "",
    excluded_media_types: Iterable[str] = (),
    not_before: datetime.date | None = None,
) -> None:
    """The safeguarding lead (or an admin) clears a candidate to take part.

    When an open concern holds the person, clearing them clears the hold on the person
    (`hold_clear`, with `note` and the conditions), which then binds every use until
    the concern is closed; the candidate's part must fit those conditions.
    """
    if not can(actor, "safeguarding", "change"):
        raise PermissionDenied("Only the safeguarding lead or an admin can clear a candidate.")
    _require_status(
        candidate,
        [RequestCandidate.Status.SHORTLISTED, RequestCandidate.Status.SAFEGUARDING],
        "cleared",
    )
    if is_held(candidate.storyteller):
        if not note.strip():
            raise RequestError(
                f"{candidate.storyteller.reference} is on hold: clearing them clears the hold "
                "on the person. Say why it can be cleared (the note is kept with it)."
            )
        try:
            hold_clear(
                actor=actor,
                storyteller=candidate.storyteller,
                note=note,
                max_identity_level=max_identity_level,
                excluded_media_types=excluded_media_types,
                not_before=not_before,
                on=on,
            )
        except ValidationError as exc:
            raise RequestError(" ".join(exc.messages)) from exc
    coverage = _covered(candidate)
    audited_update(
        actor=actor,
        instance=candidate,
        fields={
            "status": RequestCandidate.Status.CLEARED,
            "cleared_by": actor,
            "cleared_on": on or timezone.localdate(),
            "consent": coverage.consent,
        },
    )


_CLEARED_OR_LATER = [RequestCandidate.Status.CLEARED, RequestCandidate.Status.BRIEFED]


@transaction.atomic
def candidate_book_interpreter(
    *,
    actor: Any,
    candidate: RequestCandidate,
    interpreter: Interpreter,
    booked_for: datetime.datetime,
) -> None:
    _require_status(candidate, _CLEARED_OR_LATER, "given an interpreter")
    if not interpreter.is_active:
        raise RequestError(f"{interpreter} is not an active interpreter.")
    audited_update(
        actor=actor,
        instance=candidate,
        fields={"interpreter": interpreter, "interpreter_booked_for": booked_for},
    )


@transaction.atomic
def candidate_mark_briefed(
    *, actor: Any, candidate: RequestCandidate, on: datetime.date | None = None
) -> None:
    _require_status(candidate, [RequestCandidate.Status.CLEARED], "briefed")
    coverage = _covered(candidate)
    audited_update(
        actor=actor,
        instance=candidate,
        fields={
            "status": RequestCandidate.Status.BRIEFED,
            "briefed_on": on or timezone.localdate(),
            "consent": coverage.consent,
        },
    )
    _advance(actor=actor, journalist_request=candidate.request, to=JournalistRequest.Status.BRIEFED)


@transaction.atomic
def candidate_mark_debriefed(
    *, actor: Any, candidate: RequestCandidate, on: datetime.date | None = None
) -> None:
    _require_status(candidate, [RequestCandidate.Status.BRIEFED], "debriefed")
    audited_update(
        actor=actor,
        instance=candidate,
        fields={
            "status": RequestCandidate.Status.DEBRIEFED,
            "debriefed_on": on or timezone.localdate(),
        },
    )


@transaction.atomic
def candidate_withdraw(*, actor: Any, candidate: RequestCandidate) -> None:
    _require_status(
        candidate,
        [
            RequestCandidate.Status.SHORTLISTED,
            RequestCandidate.Status.SAFEGUARDING,
            RequestCandidate.Status.CLEARED,
            RequestCandidate.Status.BRIEFED,
        ],
        "withdrawn",
    )
    audited_update(
        actor=actor, instance=candidate, fields={"status": RequestCandidate.Status.WITHDRAWN}
    )


SPEAKING = (RequestCandidate.Status.BRIEFED, RequestCandidate.Status.DEBRIEFED)


@transaction.atomic
def request_record_placement(
    *,
    actor: Any,
    journalist_request: JournalistRequest,
    speakers: Iterable[RequestCandidate] | None = None,
    nobody_spoke: bool = False,
    **fields: Any,
) -> Placement:
    """The request's outcome: a placement in its outlet, linked to it; the request is done.

    The outcome names who spoke: `speakers` are candidates of this request who were
    cleared and briefed, each recorded as speaking in the placement (a use of their
    story, which both judges must allow on the day it was published); or
    `nobody_spoke` says, explicitly, that no storyteller spoke. Raises RequestError when
    the request already has its placement, when neither or both are given, when a
    speaker was not briefed for this request, or when a judge refuses a speaker.
    Nothing is written then.
    """
    speakers = list(speakers or ())
    if not speakers and not nobody_spoke:
        raise RequestError("Say who spoke, or choose “No storyteller spoke”.")
    if speakers and nobody_spoke:
        raise RequestError(
            "Choose the storytellers who spoke, or “No storyteller spoke”, not both."
        )
    locked = JournalistRequest.objects.select_for_update().get(pk=journalist_request.pk)
    if locked.placement_id is not None:
        raise RequestError("This request's placement is already recorded.")
    for candidate in speakers:
        if candidate.request_id != journalist_request.pk:
            raise RequestError(
                f"{candidate.storyteller.reference} was not put forward for this request."
            )
        if candidate.status not in SPEAKING:
            status = candidate.get_status_display().lower()
            raise RequestError(
                f"{candidate.storyteller.reference} is “{status}”: only storytellers cleared "
                "and briefed for this request can be recorded as speaking."
            )
    fields.setdefault("format", journalist_request.format)
    fields.setdefault("region", journalist_request.region)
    placement = placement_create(actor=actor, outlet=journalist_request.outlet, **fields)
    for candidate in speakers:
        _record_use(
            actor=actor,
            storyteller=candidate.storyteller,
            record=placement_voice_record,
            placement=placement,
            media_type=journalist_request.media_type,
            identity_level=candidate.identity_level,
            face_shown=journalist_request.face_needed,
        )
    _update(
        actor=actor,
        instance=journalist_request,
        fields={"placement": placement, "status": JournalistRequest.Status.DONE},
    )
    return placement


# --- Pitches ------------------------------------------------------------------------


def pitch_use_check(
    *,
    storyteller: StorytellerProfile,
    outlets: Sequence[Outlet],
    media_type: str,
    identity_level: str,
    on: datetime.date | None = None,
) -> list[str]:
    """Why this storyteller's story may not be pitched to each outlet ([] if it may).

    Both judges: safeguarding first (a hold, or a cleared hold's conditions), then
    consent for each outlet. With no outlet chosen yet, the media type and identity
    level are still checked.
    """
    safe = safeguarding_allows(
        storyteller=storyteller, media_type=media_type, identity_level=identity_level, on=on
    )
    if not safe:
        return [safe.reason]
    problems: list[str] = []
    targets: list[Outlet | None] = [*outlets] or [None]
    for outlet in targets:
        coverage = consent_covers(
            storyteller=storyteller,
            outlet=outlet_facts(outlet) if outlet is not None else None,
            media_type=media_type,
            identity_level=identity_level,
            on=on,
        )
        if not coverage:
            problems.append(f"{outlet}: {coverage.reason}" if outlet else coverage.reason)
    return problems


def _check_pitch_use(
    *,
    storyteller: StorytellerProfile | None,
    outlets: Sequence[Outlet],
    media_type: str,
    identity_level: str,
) -> None:
    if storyteller is None:
        return
    problems = pitch_use_check(
        storyteller=storyteller,
        outlets=outlets,
        media_type=media_type,
        identity_level=identity_level,
    )
    if problems:
        raise RequestError(" ".join(problems))


@transaction.atomic
def pitch_create(*, actor: Any, outlets: Iterable[Outlet] = (), **fields: Any) -> Pitch:
    """A new pitch. Naming a storyteller needs a consent covering every outlet chosen."""
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    pitch = Pitch(created_by=created_by, **fields)
    outlets = list(outlets)
    _check_pitch_use(
        storyteller=pitch.storyteller,
        outlets=outlets,
        media_type=pitch.media_type,
        identity_level=pitch.identity_level,
    )
    pitch.full_clean(exclude=["created_by"])  # see _update
    pitch.save()
    pitch.outlets.set(outlets)
    changes = created_fields(pitch)
    if outlets:
        changes["outlets"] = {"from": None, "to": _names(outlets)}
    audit_record(actor=actor, action=AuditAction.CREATE, instance=pitch, changes=changes)
    _record_pitch_use(actor=actor, pitch=pitch)
    return pitch


def _record_pitch_use(*, actor: Any, pitch: Pitch) -> None:
    """Record the pitch as a use of its storyteller's story, once per storyteller."""
    storyteller = pitch.storyteller
    if storyteller is None or pitch_uses(pitch).filter(storyteller=storyteller).exists():
        return
    _record_use(
        actor=actor,
        storyteller=pitch.storyteller,
        record=pitch_voice_record,
        pitch=pitch,
        media_type=pitch.media_type,
        identity_level=pitch.identity_level,
    )


@transaction.atomic
def pitch_update(
    *, actor: Any, pitch: Pitch, outlets: Iterable[Outlet] | None = None, **fields: Any
) -> Pitch:
    """Change a pitch. The storyteller's consent is checked again against the new scope."""
    before_outlets = list(pitch.outlets.all())
    new_outlets = list(outlets) if outlets is not None else before_outlets
    _check_pitch_use(
        storyteller=fields.get("storyteller", pitch.storyteller),
        outlets=new_outlets,
        media_type=fields.get("media_type", pitch.media_type),
        identity_level=fields.get("identity_level", pitch.identity_level),
    )
    _update(actor=actor, instance=pitch, fields=fields)
    if outlets is not None:
        before, after = _names(before_outlets), _names(new_outlets)
        if after != before:
            pitch.outlets.set(new_outlets)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=pitch,
                changes={"outlets": {"from": before, "to": after}},
            )
    _record_pitch_use(actor=actor, pitch=pitch)
    return pitch


def pitch_idea_view_record(*, actor: Any, pitch: Pitch) -> None:
    """Audit that someone read a pitch's idea (it may say what a storyteller lived)."""
    audit_record(actor=actor, action=AuditAction.VIEW, instance=pitch, note="viewed the idea")
