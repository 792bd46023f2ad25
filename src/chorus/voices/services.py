"""Writes of the storytellers network: profiles, safeguarding, programmes and support.

Each function is one transaction that writes its audit row with the change. Values of
encrypted fields never reach the audit log (each model lists them in SENSITIVE_FIELDS,
which the audit helpers redact), and nothing here logs a value or puts one into an
exception message. Consent has its own services (`consent.services`).
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chorus.people.models import Organisation
from chorus.people.services import person_create
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_list_view,
    audit_record,
    audited_create,
    audited_update,
    created_fields,
    diff,
    snapshot,
)
from chorus.voices.models import (
    InvolvementPayment,
    Membership,
    MentoringSession,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    Theme,
    WellbeingCheckIn,
)

REFERENCE_PREFIX = "S-"
_REFERENCE = re.compile(rf"^{REFERENCE_PREFIX}(\d+)$")
# Two people adding a storyteller at the same moment can both pick the next number;
# the unique reference makes one of them fail, and it simply takes the one after.
_REFERENCE_ATTEMPTS = 5

LanguageRow = Mapping[str, Any]  # {"language": str, "level": str, "needs_interpreter": bool}


def _next_reference() -> str:
    """The next free reference, S-0001, S-0002… (never reused, even after an erasure)."""
    references = StorytellerProfile.objects.filter(
        reference__startswith=REFERENCE_PREFIX
    ).values_list("reference", flat=True)
    numbers = [int(m.group(1)) for ref in references if (m := _REFERENCE.match(ref))]
    return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1:04d}"


def _language_labels(languages: Iterable[StorytellerLanguage]) -> list[str]:
    labels = []
    for lang in languages:
        label = f"{lang.language} ({lang.get_level_display()}"
        labels.append(label + (", needs an interpreter)" if lang.needs_interpreter else ")"))
    return sorted(labels)


def _set_languages(profile: StorytellerProfile, rows: Sequence[LanguageRow]) -> None:
    """Make the storyteller's languages exactly `rows` (matched by name, any case)."""
    wanted = {row["language"].strip().lower(): row for row in rows if row["language"].strip()}
    existing = {lang.language.lower(): lang for lang in profile.languages.all()}
    gone = [lang.pk for key, lang in existing.items() if key not in wanted]
    if gone:
        StorytellerLanguage.objects.filter(pk__in=gone).delete()
    for key, row in wanted.items():
        lang = existing.get(key) or StorytellerLanguage(storyteller=profile)
        new_values = {
            "language": row["language"].strip(),
            "level": row["level"],
            "needs_interpreter": bool(row["needs_interpreter"]),
        }
        if lang.pk and all(getattr(lang, k) == v for k, v in new_values.items()):
            continue
        for name, value in new_values.items():
            setattr(lang, name, value)
        lang.full_clean(validate_unique=False)
        lang.save()


def _touch(profile: StorytellerProfile, on: datetime.date | None) -> None:
    """Note activity for the retention review. Bookkeeping: the record of the activity
    itself carries the audit row, so this date moving needs none of its own."""
    on = min(on or timezone.localdate(), timezone.localdate())
    StorytellerProfile.objects.filter(pk=profile.pk, last_active_on__lt=on).update(
        last_active_on=on
    )


# --- Profiles --------------------------------------------------------------------------


def storytellers_listed_record(
    *, actor: Any, profiles: Iterable[StorytellerProfile], purpose: str
) -> None:
    """Audit a page that showed these storytellers' media names: one VIEW row per page.

    A list shows an encrypted value of up to a page of people at once; asking later who
    saw one person's media name must find these reads as surely as a profile view, so
    the row names every record shown (`audit_list_view`). One query, whatever the size.
    """
    audit_list_view(
        actor=actor,
        model=StorytellerProfile,
        ids=[profile.pk for profile in profiles],
        title="Storytellers",
        note=purpose,
    )


def storytellers_found_record(*, actor: Any, ids: Iterable[int]) -> None:
    """Audit a search that showed these storytellers: one VIEW row naming them all.

    The note never holds what was typed: a query may be someone's name.
    """
    audit_list_view(
        actor=actor,
        model=StorytellerProfile,
        ids=ids,
        title="Storytellers",
        note="found by the search box",
    )


@transaction.atomic
def storyteller_create(
    *,
    actor: Any,
    themes: Iterable[Theme] = (),
    languages: Sequence[LanguageRow] = (),
    **fields: Any,
) -> StorytellerProfile:
    """Add a storyteller and their directory entry, which carries only the reference.

    Their names stay in the encrypted profile: the Person is "Storyteller S-0042".
    """
    for _attempt in range(_REFERENCE_ATTEMPTS):
        reference = _next_reference()
        try:
            with transaction.atomic():
                person = person_create(actor=actor, full_name=f"Storyteller {reference}")
                profile = StorytellerProfile(person=person, reference=reference, **fields)
                profile.full_clean()
                profile.save()
        except IntegrityError:
            continue
        break
    else:
        raise RuntimeError("No free storyteller reference could be taken; try again.")
    themes = list(themes)
    profile.themes.set(themes)
    _set_languages(profile, languages)
    changes = created_fields(profile)
    if themes:
        changes["themes"] = {"from": None, "to": sorted(t.name for t in themes)}
    if languages:
        changes["languages"] = {"from": None, "to": _language_labels(profile.languages.all())}
    audit_record(actor=actor, action=AuditAction.CREATE, instance=profile, changes=changes)
    return profile


@transaction.atomic
def storyteller_update(
    *,
    actor: Any,
    profile: StorytellerProfile,
    themes: Iterable[Theme] | None = None,
    languages: Sequence[LanguageRow] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Change a profile, its themes and languages; one audit row for all of it. Returns it."""
    if fields.get("status") == StorytellerProfile.Status.ERASED:
        # Erasure removes data everywhere and leaves a stub: it is privacy's job, not an edit.
        raise ValueError("A storyteller is erased through the erasure service, not an edit.")
    before = snapshot(profile)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    changes = diff(before, profile)
    if changes:
        profile.save(update_fields=[*changes, "updated_at"])
    if themes is not None:
        old_themes = sorted(t.name for t in profile.themes.all())
        themes = list(themes)
        profile.themes.set(themes)
        new_themes = sorted(t.name for t in themes)
        if new_themes != old_themes:
            changes["themes"] = {"from": old_themes, "to": new_themes}
    if languages is not None:
        old_languages = _language_labels(profile.languages.all())
        _set_languages(profile, languages)
        new_languages = _language_labels(profile.languages.all())
        if new_languages != old_languages:
            changes["languages"] = {"from": old_languages, "to": new_languages}
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=profile, changes=changes)
    return changes


# --- Support: mentoring, payments, wellbeing ---------------------------------------------


@transaction.atomic
def mentoring_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    held_on: datetime.date,
    mentor: Any = None,
    notes: str = "",
) -> MentoringSession:
    session = audited_create(
        actor=actor,
        instance=MentoringSession(
            storyteller=storyteller, held_on=held_on, mentor=mentor or actor, notes=notes
        ),
    )
    _touch(storyteller, held_on)
    return session


@transaction.atomic
def payment_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    kind: str,
    amount: decimal.Decimal,
    method: str,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> InvolvementPayment:
    if amount <= 0:
        raise ValueError("A payment must be for more than nothing.")
    payment = audited_create(
        actor=actor,
        instance=InvolvementPayment(
            storyteller=storyteller,
            kind=kind,
            amount=amount,
            method=method,
            paid_on=paid_on,
            note=note,
        ),
    )
    _touch(storyteller, paid_on)
    return payment


@transaction.atomic
def check_in_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    kind: str,
    held_on: datetime.date,
    appearance: StoryUse | None = None,
    notes: str = "",
    follow_up_needed: bool = False,
) -> WellbeingCheckIn:
    """A wellbeing check-in, or aftercare after a media appearance (a placement use)."""
    check_in = audited_create(
        actor=actor,
        instance=WellbeingCheckIn(
            storyteller=storyteller,
            kind=kind,
            held_on=held_on,
            by=actor,
            appearance=appearance,
            notes=notes,
            follow_up_needed=follow_up_needed,
        ),
    )
    _touch(storyteller, held_on)
    return check_in


# --- Safeguarding ------------------------------------------------------------------------


def concern_raise(
    *,
    actor: Any,
    storyteller: StorytellerProfile | None = None,
    person_described: str = "",
    level: str,
    summary: str,
    notes: str = "",
    raised_on: datetime.date | None = None,
    reviewed: bool = False,
) -> SafeguardingConcern:
    """Record a concern. While it is open it holds every match of its storyteller.

    Anyone who works with storytellers may raise one. Those who may not know who is in
    the network give no storyteller but describe the person in words; the concern
    holds nobody until the safeguarding lead links it (`concern_link`). `reviewed` is
    for the safeguarding lead raising a concern themselves: it is not new to them.
    """
    person_described = person_described.strip()
    if storyteller is None and not person_described:
        raise ValueError("Say who the concern is about: choose a storyteller or describe them.")
    today = timezone.localdate()
    return audited_create(
        actor=actor,
        instance=SafeguardingConcern(
            storyteller=storyteller,
            person_described=person_described,
            raised_on=raised_on or today,
            raised_by=actor,
            level=level,
            summary=summary,
            notes=notes,
            reviewed_on=today if reviewed else None,
        ),
    )


def concern_link(
    *, actor: Any, concern: SafeguardingConcern, storyteller: StorytellerProfile
) -> dict[str, Any]:
    """Link a concern raised about a described person to their profile (and so review it).

    From then on an open concern holds that storyteller like any other. What the raiser
    wrote about the person is kept: it is part of the record of the concern.
    """
    if storyteller.status == StorytellerProfile.Status.ERASED:
        raise ValueError("An erased storyteller cannot be linked to a concern.")
    return audited_update(
        actor=actor,
        instance=concern,
        fields={
            "storyteller": storyteller,
            "reviewed_on": concern.reviewed_on or timezone.localdate(),
        },
    )


def concern_review(
    *, actor: Any, concern: SafeguardingConcern, on: datetime.date | None = None
) -> dict[str, Any]:
    """The safeguarding lead has read a concern someone else raised: it is no longer new."""
    if concern.reviewed_on is not None:
        return {}
    return audited_update(
        actor=actor, instance=concern, fields={"reviewed_on": on or timezone.localdate()}
    )


def concern_update(*, actor: Any, concern: SafeguardingConcern, **fields: Any) -> dict[str, Any]:
    """Change a concern's level, summary or notes (not its status: see concern_resolve)."""
    allowed = {"level", "summary", "notes"}
    if set(fields) - allowed:
        raise ValueError(f"Only {', '.join(sorted(allowed))} can be edited on a concern.")
    return audited_update(actor=actor, instance=concern, fields=fields)


def concern_resolve(
    *, actor: Any, concern: SafeguardingConcern, status: str, on: datetime.date | None = None
) -> dict[str, Any]:
    """Close a concern: it no longer holds the person nor binds their uses.

    Clearing a hold is `chorus.voices.safeguarding.hold_clear`: it needs a note and
    may set conditions, and it applies to the person.
    """
    if status != SafeguardingConcern.Status.CLOSED:
        raise ValueError("Close a concern here; clear a hold with hold_clear.")
    return audited_update(
        actor=actor,
        instance=concern,
        fields={
            "status": status,
            "resolved_by": actor,
            "resolved_on": on or timezone.localdate(),
        },
    )


def safeguarding_action_add(
    *,
    actor: Any,
    concern: SafeguardingConcern,
    description: str,
    owner: Any = None,
    due_on: datetime.date | None = None,
) -> SafeguardingAction:
    return audited_create(
        actor=actor,
        instance=SafeguardingAction(
            concern=concern, description=description, owner=owner, due_on=due_on
        ),
    )


def safeguarding_action_done(
    *, actor: Any, action: SafeguardingAction, on: datetime.date | None = None
) -> dict[str, Any]:
    if action.done_on is not None:
        return {}
    return audited_update(
        actor=actor, instance=action, fields={"done_on": on or timezone.localdate()}
    )


# --- Programmes --------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: Any, partners: Iterable[Organisation] = (), **fields: Any
) -> Programme:
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    partners = list(partners)
    programme.partners.set(partners)
    changes = created_fields(programme)
    if partners:
        changes["partners"] = {"from": None, "to": sorted(p.name for p in partners)}
    audit_record(actor=actor, action=AuditAction.CREATE, instance=programme, changes=changes)
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Any,
    programme: Programme,
    partners: Iterable[Organisation] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    before = snapshot(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    changes = diff(before, programme)
    if changes:
        programme.save(update_fields=list(changes))
    if partners is not None:
        old = sorted(p.name for p in programme.partners.all())
        partners = list(partners)
        programme.partners.set(partners)
        new = sorted(p.name for p in partners)
        if new != old:
            changes["partners"] = {"from": old, "to": new}
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=programme, changes=changes)
    return changes


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    programme: Programme,
    storyteller: StorytellerProfile,
    joined_on: datetime.date,
    left_on: datetime.date | None = None,
) -> Membership:
    membership = audited_create(
        actor=actor,
        instance=Membership(
            programme=programme, storyteller=storyteller, joined_on=joined_on, left_on=left_on
        ),
    )
    _touch(storyteller, joined_on)
    return membership


def membership_update(
    *,
    actor: Any,
    membership: Membership,
    joined_on: datetime.date,
    left_on: datetime.date | None,
) -> dict[str, Any]:
    """Change the dates of a membership; a leaving date ends it and keeps its history."""
    return audited_update(
        actor=actor, instance=membership, fields={"joined_on": joined_on, "left_on": left_on}
    )


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    """Delete a membership entered by mistake. To end one, give it a leaving date instead."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=membership,
        changes={
            "joined_on": {"from": str(membership.joined_on), "to": None},
            "left_on": {"from": str(membership.left_on or ""), "to": None},
        },
    )
    membership.delete()


def concern_overview_view_record(*, actor: Any, shown: int) -> None:
    """Audit that someone opened the overview of open safeguarding concerns."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type=SafeguardingConcern._meta.label_lower,
        object_repr="Open safeguarding concerns",
        note=f"viewed the overview of open concerns ({shown})",
    )
