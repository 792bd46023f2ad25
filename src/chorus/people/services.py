"""Writes to the directory. Each one is a transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chorus.people.models import Organisation, Person, Region
from chorus.privacy.services import audited_create, audited_update


@transaction.atomic
def region_get_or_create(*, name: str, parent: Region | None = None, actor: Any = None) -> Region:
    existing = Region.objects.filter(name__iexact=name, parent=parent).first()
    if existing:
        return existing
    return audited_create(actor=actor, instance=Region(name=name, parent=parent))


def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    return audited_create(actor=actor, instance=Organisation(**fields))


def person_create(*, actor: Any, **fields: Any) -> Person:
    return audited_create(actor=actor, instance=Person(**fields))


def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    audited_update(actor=actor, instance=person, fields=fields)
    return person


def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    audited_update(actor=actor, instance=organisation, fields=fields)
    return organisation
