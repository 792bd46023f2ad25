"""Writes to the journalist directory. Each is one transaction with its audit rows.

A journalist is a person in `people` with a `JournalistProfile` (region, preferred
contact, do-not-contact) and one `Journalist` row per outlet they write or wrote for
(with their beats there). An outlet left off when editing stays as a former outlet,
so the requests that came through it still name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from chorus.media.models import Journalist, JournalistProfile, Outlet
from chorus.people.models import Person, Region
from chorus.people.services import person_create, person_update
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update


def _profile_fields(
    *,
    region: Region | None,
    preferred_contact: str,
    contact_note: str,
    do_not_contact: bool,
    do_not_contact_reason: str,
    notes: str,
) -> dict[str, Any]:
    return {
        "region": region,
        "preferred_contact": preferred_contact,
        "contact_note": contact_note,
        "do_not_contact": do_not_contact,
        # A reason kept after the flag is lifted would read as if it still held.
        "do_not_contact_reason": do_not_contact_reason.strip() if do_not_contact else "",
        "notes": notes,
    }


def _set_outlets(*, actor: Any, person: Person, outlets: Iterable[Outlet], beats: str) -> None:
    """Make `outlets` the person's current outlets, with `beats`; others become former."""
    wanted = {outlet.pk: outlet for outlet in outlets}
    for role in Journalist.objects.filter(person=person).select_related("outlet"):
        if role.outlet_id in wanted:
            wanted.pop(role.outlet_id)
            audited_update(actor=actor, instance=role, fields={"is_current": True, "beats": beats})
        elif role.is_current:
            audited_update(actor=actor, instance=role, fields={"is_current": False})
    for outlet in wanted.values():
        audited_create(actor=actor, instance=Journalist(person=person, outlet=outlet, beats=beats))


@transaction.atomic
def journalist_create(
    *,
    actor: Any,
    full_name: str,
    email: str = "",
    phone: str = "",
    outlets: Iterable[Outlet] = (),
    beats: str = "",
    region: Region | None = None,
    preferred_contact: str = "",
    contact_note: str = "",
    do_not_contact: bool = False,
    do_not_contact_reason: str = "",
    notes: str = "",
) -> JournalistProfile:
    """A new person in the directory, their journalist profile and their outlets."""
    person = person_create(actor=actor, full_name=full_name.strip(), email=email, phone=phone)
    profile = audited_create(
        actor=actor,
        instance=JournalistProfile(
            person=person,
            **_profile_fields(
                region=region,
                preferred_contact=preferred_contact,
                contact_note=contact_note,
                do_not_contact=do_not_contact,
                do_not_contact_reason=do_not_contact_reason,
                notes=notes,
            ),
        ),
    )
    _set_outlets(actor=actor, person=person, outlets=outlets, beats=beats)
    return profile


@transaction.atomic
def journalist_update(
    *,
    actor: Any,
    person: Person,
    full_name: str,
    email: str = "",
    phone: str = "",
    outlets: Iterable[Outlet] = (),
    beats: str = "",
    region: Region | None = None,
    preferred_contact: str = "",
    contact_note: str = "",
    do_not_contact: bool = False,
    do_not_contact_reason: str = "",
    notes: str = "",
) -> JournalistProfile:
    """Change a journalist's entry; a person with outlets but no profile yet gets one."""
    person_update(actor=actor, person=person, full_name=full_name.strip(), email=email, phone=phone)
    fields = _profile_fields(
        region=region,
        preferred_contact=preferred_contact,
        contact_note=contact_note,
        do_not_contact=do_not_contact,
        do_not_contact_reason=do_not_contact_reason,
        notes=notes,
    )
    profile = JournalistProfile.objects.filter(person=person).first()
    if profile is None:
        profile = audited_create(actor=actor, instance=JournalistProfile(person=person, **fields))
    else:
        audited_update(actor=actor, instance=profile, fields=fields)
    _set_outlets(actor=actor, person=person, outlets=outlets, beats=beats)
    return profile


def journalist_export_record(*, actor: Any, filters: str, row_count: int) -> Any:
    """The audit row for a download of the directory: who, how many, with which filters."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="media.journalistprofile",
        note=f"{row_count} journalists as CSV; filters: {filters or 'none'}",
    )
