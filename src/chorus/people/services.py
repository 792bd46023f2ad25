"""Writes to the directory. Each one is a transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chorus.people.models import Organisation, Person, Region
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, created_fields, diff, snapshot


@transaction.atomic
def region_get_or_create(*, name: str, parent: Region | None = None, actor: Any = None) -> Region:
    existing = Region.objects.filter(name__iexact=name, parent=parent).first()
    if existing:
        return existing
    region = Region.objects.create(name=name, parent=parent)
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=region, changes=created_fields(region)
    )
    return region


@transaction.atomic
def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=organisation,
        changes=created_fields(organisation),
    )
    return organisation


@transaction.atomic
def person_create(*, actor: Any, **fields: Any) -> Person:
    person = Person(**fields)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=person, changes=created_fields(person)
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    before = snapshot(person)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    changes = diff(before, person)
    if changes:
        person.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=person, changes=changes)
    return person


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    before = snapshot(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    changes = diff(before, organisation)
    if changes:
        organisation.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=organisation, changes=changes)
    return organisation
