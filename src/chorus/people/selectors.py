from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from chorus.people.models import Organisation, Person, Region


def people_search(
    *, q: str = "", organisation: Organisation | None = None, region: Region | None = None
) -> QuerySet[Person]:
    people = Person.objects.select_related("organisation", "region", "region__parent")
    if q:
        people = people.filter(
            Q(full_name__icontains=q) | Q(email__icontains=q) | Q(organisation__name__icontains=q)
        )
    if organisation:
        people = people.filter(organisation=organisation)
    if region:
        people = people.filter(Q(region=region) | Q(region__parent=region))
    return people


def organisations_search(*, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("region", "region__parent").annotate(
        people_count=Count("people")
    )
    if q:
        organisations = organisations.filter(name__icontains=q)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations
