"""Reading the directory. Storytellers are in it ("Storyteller S-0042"), so every read
goes through `people_visible_to`: to a role that may not know who is in the storytellers
network, a storyteller's directory entry does not exist (not listed, not counted, 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from chorus.accounts.access import can
from chorus.people.models import Organisation, Person, Region


def may_know_of_storytellers(viewer: Any) -> bool:
    return can(viewer, "storytellers", "view")


def people_visible_to(viewer: Any) -> QuerySet[Person]:
    """The people this user may know exist."""
    people = Person.objects.all()
    if not may_know_of_storytellers(viewer):
        people = people.filter(storyteller__isnull=True)
    return people


def people_search(
    *,
    viewer: Any,
    q: str = "",
    organisation: Organisation | None = None,
    region: Region | None = None,
) -> QuerySet[Person]:
    people = people_visible_to(viewer).select_related("organisation", "region", "region__parent")
    if q:
        people = people.filter(
            Q(full_name__icontains=q) | Q(email__icontains=q) | Q(organisation__name__icontains=q)
        )
    if organisation:
        people = people.filter(organisation=organisation)
    if region:
        people = people.filter(Q(region=region) | Q(region__parent=region))
    return people


def organisations_search(*, viewer: Any, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    counted = None if may_know_of_storytellers(viewer) else Q(people__storyteller__isnull=True)
    organisations = Organisation.objects.select_related("region", "region__parent").annotate(
        people_count=Count("people", filter=counted)
    )
    # Grouping drops the model's default ordering, and pages need a stable one.
    organisations = organisations.order_by("name", "pk")
    if q:
        organisations = organisations.filter(name__icontains=q)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations
