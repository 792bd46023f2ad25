"""Load the demo's staff, regions, partner organisations and their contacts.

Called first by `chorus.demo.loader.load`, inside its transaction: every other area
points at these records. Each is found by its natural key (username, name) before
anything is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from chorus.accounts.models import User
from chorus.accounts.services import user_create
from chorus.demo.people import data
from chorus.demo.summary import Summary
from chorus.people.models import Organisation, Person, Region
from chorus.people.services import organisation_create, person_create, region_get_or_create

RegionKey = tuple[str, str | None]


@dataclass(frozen=True)
class People:
    """What the areas loaded after this one need: staff by username, regions by key."""

    users: dict[str, User]
    regions: dict[RegionKey, Region]


def load_people(*, password: str, summary: Summary) -> People:
    """Create whatever part of the staff, regions, organisations and contacts is missing."""
    users = _load_users(password, summary)
    regions = _load_regions(summary)
    organisations = _load_organisations(regions, summary)
    _load_contacts(organisations, regions, summary)
    return People(users=users, regions=regions)


def _load_users(password: str, summary: Summary) -> dict[str, User]:
    users: dict[str, User] = {}
    for username, role, first, last, _job in data.STAFF:
        user = User.objects.filter(username=username).first()
        summary.add("Staff users", user is None)
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                role=role,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@example.org".lower(),
            )
        users[username] = user
    return users


def _load_regions(summary: Summary) -> dict[RegionKey, Region]:
    regions: dict[RegionKey, Region] = {}
    for parent_name, child_name in data.REGIONS:
        if (parent_name, None) not in regions:
            regions[(parent_name, None)] = _region(parent_name, None, summary)
        if child_name:
            regions[(parent_name, child_name)] = _region(
                child_name, regions[(parent_name, None)], summary
            )
    return regions


def _region(name: str, parent: Region | None, summary: Summary) -> Region:
    existed = Region.objects.filter(name__iexact=name, parent=parent).exists()
    summary.add("Regions", not existed)
    return region_get_or_create(name=name, parent=parent)


def _load_organisations(
    regions: dict[RegionKey, Region], summary: Summary
) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for spec in data.ORGANISATIONS:
        organisation = Organisation.objects.filter(name__iexact=spec.name).first()
        summary.add("Organisations", organisation is None)
        if organisation is None:
            organisation = organisation_create(
                actor=None,
                name=spec.name,
                kind=spec.kind,
                website=spec.website,
                region=regions[spec.region] if spec.region else None,
                notes="Demo data: a real organisation; every person linked to it here is invented.",
            )
        organisations[spec.name] = organisation
    return organisations


def _load_contacts(
    organisations: dict[str, Organisation],
    regions: dict[RegionKey, Region],
    summary: Summary,
) -> None:
    for full_name, organisation_name, job_title, region in data.CONTACTS:
        exists = Person.objects.filter(full_name=full_name).exists()
        summary.add("Partner contacts", not exists)
        if not exists:
            person_create(
                actor=None,
                full_name=full_name,
                email=example_email(full_name),
                organisation=organisations[organisation_name],
                job_title=job_title,
                region=regions[region] if region else None,
            )


def example_email(full_name: str) -> str:
    """An address at example.org made from an invented person's name."""
    return f"{slugify(full_name).replace('-', '.')}@example.org"
