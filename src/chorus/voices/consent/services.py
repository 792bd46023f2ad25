"""Writes of consent: recording a consent, recording a use of a story, withdrawal.

Every use of a storyteller's story is written by `story_use_record`, which asks
`consent_covers` first and refuses an uncovered use with its reason; screens and
other services must not create StoryUse rows themselves. Uses and withdrawals lock
the storyteller's row, so a use recorded while a withdrawal is being saved waits
for it and is then refused.

Values of encrypted fields (topics, the withdrawal note) never enter the audit log
or an error message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    created_fields,
    diff,
    snapshot,
)
from chorus.voices.consent import consent_covers, day
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    Interpreter,
    MediaType,
    StorytellerProfile,
    StoryUse,
)
from chorus.voices.safeguarding import safeguarding_allows


def _locked(storyteller: StorytellerProfile) -> StorytellerProfile:
    # Serialises uses and withdrawals of one person (PostgreSQL row lock; SQLite
    # serialises writers anyway). The fresh row also carries a status changed meanwhile.
    return StorytellerProfile.objects.select_for_update().get(pk=storyteller.pk)


def _audited_change(*, actor: Any, instance: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """Like privacy's `audited_update`, but validates only the fields being changed.

    `audited_update` runs full_clean, which refuses any row whose taker or recorder
    account has been removed (`taken_by`/`recorded_by` are NULL there but not blank in
    the model): such a consent must still be withdrawable.
    """
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    untouched = [f.name for f in instance._meta.concrete_fields if f.name not in fields]
    instance.clean_fields(exclude=untouched)
    changes = diff(before, instance)
    if changes:
        touched = [name for name in ("updated_at",) if hasattr(instance, name)]
        instance.save(update_fields=[*changes, *touched])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=instance, changes=changes)
    return changes


def add_months(value: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day (29 Feb)."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day_of_month in (value.day, 30, 29, 28):
        try:
            return value.replace(year=year, month=month, day=day_of_month)
        except ValueError:
            continue
    raise ValueError(f"No such date: {value} + {months} months")  # unreachable


# --- Consent ----------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    given_on: datetime.date,
    how: str,
    media_types: Iterable[str],
    identity_level: str,
    face_shown: bool = False,
    language: str = "English",
    interpreter: Interpreter | None = None,
    taken_by: Any = None,
    information_version: str = "",
    information_given: str = "",
    excluded_organisations: Iterable[Any] = (),
    excluded_outlet_kinds: Iterable[str] = (),
    excluded_audiences: Iterable[str] = (),
    topics: str = "",
    expires_on: datetime.date | None = None,
) -> Consent:
    """Record a consent a storyteller gave, with its scope, and audit it.

    `taken_by` defaults to the actor. Raises ValidationError for a consent given in
    the future, one that expires before it is given, or one that allows no media type.
    """
    chosen_types = [value for value in MediaType.values if value in set(media_types)]
    if not chosen_types:
        raise ValidationError("Choose at least one media type the consent covers.")
    if given_on > timezone.localdate():
        raise ValidationError("Consent cannot be recorded as given in the future.")
    if expires_on is not None and expires_on <= given_on:
        raise ValidationError("The expiry date must be after the date consent was given.")
    organisations = list(excluded_organisations)
    consent = Consent(
        storyteller=storyteller,
        given_on=given_on,
        how=how,
        language=language.strip() or "English",
        interpreter=interpreter,
        taken_by=taken_by if taken_by is not None else actor,
        information_version=information_version,
        information_given=information_given,
        media_types=chosen_types,
        identity_level=identity_level,
        face_shown=face_shown,
        excluded_outlet_kinds=sorted(set(excluded_outlet_kinds)),
        excluded_audiences=sorted(set(excluded_audiences)),
        topics=topics,
        expires_on=expires_on,
    )
    consent.full_clean()
    consent.save()
    consent.excluded_organisations.set(organisations)
    changes = created_fields(consent)
    if organisations:
        changes["excluded_outlets"] = {"from": None, "to": sorted(str(o) for o in organisations)}
    audit_record(actor=actor, action=AuditAction.CREATE, instance=consent, changes=changes)
    if given_on > storyteller.last_active_on:
        _audited_change(actor=actor, instance=storyteller, fields={"last_active_on": given_on})
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    on: datetime.date,
    how: str,
    note: str = "",
) -> list[Consent]:
    """Withdraw every consent of this storyteller not already withdrawn, from `on`.

    From that day `consent_covers` refuses every use, so no new use can be recorded.
    Expired consents are withdrawn too: the withdrawal then covers the uses made under
    them. Returns the consents withdrawn; raises ValidationError when none is left.
    """
    storyteller = _locked(storyteller)
    if on > timezone.localdate():
        raise ValidationError("A withdrawal cannot be dated in the future.")
    if how not in Consent.How.values:
        raise ValidationError("Say how the withdrawal was made.")
    consents = list(storyteller.consents.filter(withdrawn_on__isnull=True).order_by("given_on"))
    if not consents:
        raise ValidationError("This storyteller has no consent left to withdraw.")
    latest_given = max(consent.given_on for consent in consents)
    if on < latest_given:
        raise ValidationError(
            "The withdrawal date is before the consent given on %(given)s. Check the date.",
            params={"given": day(latest_given)},
        )
    for consent in consents:
        _audited_change(
            actor=actor,
            instance=consent,
            fields={"withdrawn_on": on, "withdrawal_how": how, "withdrawal_note": note},
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=storyteller,
        note=f"consent withdrawn from {on} ({len(consents)} consent records)",
    )
    return consents


# --- Uses of a story ----------------------------------------------------------------


_ALREADY = {
    StoryUse.Kind.PLACEMENT: "%(ref)s is already recorded as speaking in this placement.",
    StoryUse.Kind.PITCH: "%(ref)s is already recorded in this pitch.",
}


@transaction.atomic
def story_use_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    kind: str,
    object_id: int | None = None,
    description: str = "",
    outlets: Sequence[Any] = (),
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
    on: datetime.date | None = None,
) -> StoryUse:
    """Record a use of a storyteller's story, if both judges allow it; audit it.

    Every kind of use comes through here, so every kind asks both judges. The app that
    makes the use names what it was a use in (`kind` and `object_id`, and in words
    `description`) and hands over the outlets it goes to as plain data (`OutletFacts`
    of `chorus.voices.consent`): each must be covered (none: a use with no outlet). The
    date judged is `on` (a placement's publication date, the day the story was used),
    otherwise today. Raises ValidationError with safeguarding_allows' reason when a
    hold (or a cleared hold's conditions) stands in the way, with consent_covers'
    reason when no consent covers it, and for a use already recorded. A placement
    also becomes the storyteller's last media appearance.
    """
    if kind not in StoryUse.Kind.values:
        raise ValidationError("Unknown kind of use.")
    if media_type not in MediaType.values or identity_level not in IdentityLevel.values:
        raise ValidationError("Choose a media type and an identity level.")
    if kind in _ALREADY and object_id is None:
        raise ValidationError(
            "A %(kind)s use needs the %(kind)s.", params={"kind": StoryUse.Kind(kind).value}
        )
    if kind in (StoryUse.Kind.POST, StoryUse.Kind.ARCHIVE) and not description.strip():
        raise ValidationError("Describe the use (which post, which archive entry).")
    storyteller = _locked(storyteller)

    if kind in _ALREADY and storyteller.uses.filter(kind=kind, object_id=object_id).exists():
        raise ValidationError(_ALREADY[StoryUse.Kind(kind)], params={"ref": storyteller.reference})
    on = on or timezone.localdate()
    safe = safeguarding_allows(
        storyteller=storyteller, media_type=media_type, identity_level=identity_level, on=on
    )
    if not safe:
        raise ValidationError(safe.reason, code="safeguarding")

    covering = None
    for target in list(outlets) or [None]:
        coverage = consent_covers(
            storyteller=storyteller,
            outlet=target,
            media_type=media_type,
            identity_level=identity_level,
            face_shown=face_shown,
            on=on,
        )
        if not coverage:
            raise ValidationError(coverage.reason, code="not_covered")
        covering = covering or coverage.consent

    use = StoryUse(
        storyteller=storyteller,
        kind=kind,
        object_id=object_id,
        description=description.strip()[:300],
        used_on=on,
        media_type=media_type,
        identity_level=identity_level,
        face_shown=face_shown,
        consent=covering,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # recorded_by is empty for uses recorded by a task (no signed-in actor).
    use.full_clean(exclude=["recorded_by"])
    use.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=use, changes=created_fields(use))
    activity: dict[str, Any] = {"last_active_on": max(storyteller.last_active_on, on)}
    if kind == StoryUse.Kind.PLACEMENT:
        last = storyteller.last_media_appearance
        activity["last_media_appearance"] = max(last, on) if last else on
    _audited_change(actor=actor, instance=storyteller, fields=activity)
    return use


@transaction.atomic
def story_use_follow_up(
    *, actor: Any, use: StoryUse, note: str, done: bool | None = None
) -> StoryUse:
    """Save what was asked or done about a use after a withdrawal; mark it done or not.

    `done=None` only saves the note. Refused for a use whose consent still stands.
    """
    if use.consent.withdrawn_on is None:
        raise ValidationError("The consent behind this use has not been withdrawn.")
    fields: dict[str, Any] = {"withdrawal_action": note.strip()}
    if done is True and use.withdrawal_done_on is None:
        fields.update(withdrawal_done_on=timezone.localdate(), withdrawal_done_by=actor)
    elif done is False:
        fields.update(withdrawal_done_on=None, withdrawal_done_by=None)
    _audited_change(actor=actor, instance=use, fields=fields)
    return use


@transaction.atomic
def story_use_remove(*, actor: Any, use: StoryUse, reason: str) -> None:
    """Delete a use that was recorded by mistake (wrong storyteller, wrong placement).

    The reason is required and kept in the audit log with what was removed. When the
    use was the storyteller's latest media appearance, the appearance date goes back
    to the latest placement still recorded for them.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why the use is being removed: the audit log keeps it.")
    storyteller = _locked(use.storyteller)
    placement_day = use.used_on if use.kind == StoryUse.Kind.PLACEMENT else None
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=use,
        changes={"recorded by mistake": {"from": str(use), "to": None}},
        note=reason,
    )
    use.delete()
    if placement_day is not None and storyteller.last_media_appearance == placement_day:
        latest = storyteller.uses.filter(kind=StoryUse.Kind.PLACEMENT).aggregate(
            last=Max("used_on")
        )["last"]
        _audited_change(actor=actor, instance=storyteller, fields={"last_media_appearance": latest})


# --- Reads for the consent and withdrawal pages ------------------------------------


def consents_of(storyteller: StorytellerProfile) -> QuerySet[Consent]:
    """A storyteller's consents, newest first, with what their pages show."""
    return (
        storyteller.consents.select_related("interpreter", "taken_by")
        .prefetch_related("excluded_organisations")
        .order_by("-given_on", "-id")
    )


def uses_of(storyteller: StorytellerProfile) -> QuerySet[StoryUse]:
    """Every recorded use of a storyteller's story, newest first.

    What each was a use in is described by the app that owns it (`chorus.voices.uses`).
    """
    return storyteller.uses.select_related("consent", "recorded_by").order_by("-recorded_at", "-id")


def uses_to_follow_up(storyteller: StorytellerProfile) -> QuerySet[StoryUse]:
    """Every use of this storyteller's story made under a consent since withdrawn."""
    return (
        storyteller.uses.filter(consent__withdrawn_on__isnull=False)
        .select_related("consent", "recorded_by", "withdrawal_done_by")
        .order_by("kind", "-recorded_at", "-id")
    )


def storytellers_with_withdrawals(
    storytellers: QuerySet[StorytellerProfile],
) -> QuerySet[StorytellerProfile]:
    """Storytellers (of those given) who withdrew consent, with their open follow-ups."""
    withdrawn_use = Q(uses__consent__withdrawn_on__isnull=False)
    return (
        storytellers.filter(consents__withdrawn_on__isnull=False)
        .annotate(
            withdrawn_on=Max("consents__withdrawn_on"),
            uses_count=Count("uses", filter=withdrawn_use, distinct=True),
            open_count=Count(
                "uses",
                filter=withdrawn_use & Q(uses__withdrawal_done_on__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-open_count", "-withdrawn_on", "reference")
    )
