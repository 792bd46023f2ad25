"""Writes of the network. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chorus.media.models import Pitch, Placement
from chorus.network.models import (
    MemberSnapshot,
    OutreachEntry,
    OutreachLead,
    Partner,
)
from chorus.people.models import Organisation, Person
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    audited_create,
    audited_update,
    created_fields,
)


def _gone(instance: Any) -> dict[str, Any]:
    """What a deleted record held, as a change to nothing (sensitive values redacted)."""
    return {
        name: change if not isinstance(change, dict) else {"from": change["to"], "to": None}
        for name, change in created_fields(instance).items()
    }


# --- The Google group's member counts ---------------------------------------------------


@transaction.atomic
def snapshot_record(
    *,
    actor: Any,
    taken_on: datetime.date,
    members: int,
    source: str = MemberSnapshot.Source.ENTERED,
    note: str = "",
) -> tuple[MemberSnapshot, bool]:
    """Record the group's member count on a day; a second count that day replaces the first.

    Returns the snapshot and whether it is new.
    """
    if members < 0:
        raise ValidationError("A member count cannot be negative.")
    existing = MemberSnapshot.objects.select_for_update().filter(taken_on=taken_on).first()
    fields = {"members": members, "source": source, "note": note.strip()[:300]}
    if existing is None:
        found = audited_create(
            actor=actor,
            instance=MemberSnapshot(
                taken_on=taken_on,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                **fields,
            ),
        )
        return found, True
    audited_update(actor=actor, instance=existing, fields=fields)
    return existing, False


@transaction.atomic
def snapshot_delete(*, actor: Any, snapshot_: MemberSnapshot) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=snapshot_,
        changes=_gone(snapshot_),
    )
    snapshot_.delete()


# --- Partners ---------------------------------------------------------------------------


def partner_create(*, actor: Any, **fields: Any) -> Partner:
    with transaction.atomic():
        return audited_create(actor=actor, instance=Partner(**fields))


def partner_update(*, actor: Any, partner: Partner, **fields: Any) -> Partner:
    audited_update(actor=actor, instance=partner, fields=fields)
    return partner


@transaction.atomic
def partner_delete(*, actor: Any, partner: Partner) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=partner,
        changes=_gone(partner),
    )
    partner.delete()


# --- The outreach log -------------------------------------------------------------------

RELATIONS = ("people", "organisations", "placements", "pitches")


def _check_chain(entry: OutreachEntry) -> None:
    """An entry cannot follow from itself, directly or through the entries before it."""
    seen = {entry.pk} if entry.pk else set()
    earlier = entry.led_from
    while earlier is not None:
        if earlier.pk in seen:
            raise ValidationError({"led_from": "An entry cannot follow from itself."})
        seen.add(earlier.pk)
        earlier = earlier.led_from


def _check_people(people: Iterable[Person], introduced_by: Person | None) -> None:
    """Storytellers are linked as the storyteller an entry led to, never as people met:
    their directory entry would show them to everyone who may read the log."""
    chosen = [*people, *([introduced_by] if introduced_by else [])]
    if any(hasattr(person, "storyteller") for person in chosen):
        raise ValidationError(
            "A storyteller cannot be named among the people: choose them as the "
            "storyteller this led to."
        )


def _labels(values: Iterable[Any]) -> list[str]:
    return sorted(str(getattr(v, "audit_label", lambda v=v: str(v))()) for v in values)


def _set_relations(
    entry: OutreachEntry, relations: dict[str, Iterable[Any]], *, before: dict[str, list[Any]]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, values in relations.items():
        wanted = list(values)
        old = before.get(name, [])
        if {v.pk for v in wanted} == {v.pk for v in old}:
            continue
        getattr(entry, name).set(wanted)
        changes[name] = {"from": _labels(old) or None, "to": _labels(wanted) or None}
    return changes


@transaction.atomic
def outreach_create(
    *,
    actor: Any,
    people: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
    placements: Iterable[Placement] = (),
    pitches: Iterable[Pitch] = (),
    **fields: Any,
) -> OutreachEntry:
    people = list(people)
    _check_people(people, fields.get("introduced_by"))
    entry = OutreachEntry(
        created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields
    )
    _check_chain(entry)
    entry.full_clean()
    entry.save()
    changes = created_fields(entry)
    changes.update(
        _set_relations(
            entry,
            {
                "people": people,
                "organisations": organisations,
                "placements": placements,
                "pitches": pitches,
            },
            before={},
        )
    )
    audit_record(actor=actor, action=AuditAction.CREATE, instance=entry, changes=changes)
    return entry


@transaction.atomic
def outreach_update(
    *, actor: Any, entry: OutreachEntry, relations: dict[str, Iterable[Any]], **fields: Any
) -> OutreachEntry:
    """Change an entry's fields and, for each relation named in `relations`, its links."""
    relations = {name: list(values) for name, values in relations.items() if name in RELATIONS}
    _check_people(
        relations.get("people", entry.people.all()),
        fields.get("introduced_by", entry.introduced_by),
    )
    before = {name: list(getattr(entry, name).all()) for name in relations}
    for name, value in fields.items():
        setattr(entry, name, value)
    _check_chain(entry)
    # audited_update validates, saves and audits the fields; the links are audited here.
    audited_update(actor=actor, instance=entry, fields=fields)
    changes = _set_relations(entry, relations, before=before)
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=entry, changes=changes)
    return entry


@transaction.atomic
def outreach_delete(*, actor: Any, entry: OutreachEntry) -> None:
    """Delete an entry. Entries that followed from it keep their place, without the link."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=entry,
        changes=_gone(entry),
        note=f"{entry.led_to.count()} later entries no longer follow from it",
    )
    entry.delete()


@transaction.atomic
def outreach_lead_add(
    *,
    actor: Any,
    entry: OutreachEntry,
    kind: str,
    label: str,
    object_id: int | None = None,
    on: datetime.date | None = None,
) -> OutreachLead:
    """Record that an entry led to something in another app (a training day)."""
    lead = OutreachLead(entry=entry, kind=kind, object_id=object_id, label=label.strip(), on=on)
    lead.full_clean()
    lead.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=entry,
        changes={"led to": {"from": None, "to": f"{kind}: {lead.label}"}},
    )
    return lead
