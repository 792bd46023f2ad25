"""What the header's search box finds in the directory: people and organisations.

People go through `people_visible_to`, so a storyteller's entry is found only by those
who may know of storytellers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from chorus.lib import search
from chorus.lib.search import Hit
from chorus.people.models import Organisation
from chorus.people.selectors import people_search


def find_people(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    people = people_search(viewer=viewer, q=query).order_by("full_name", "pk")[:limit]
    return [
        Hit(
            label=person.full_name,
            url=reverse("people:person_detail", args=[person.pk]),
            detail=person.organisation.name if person.organisation else "",
            pk=person.pk,
        )
        for person in people
    ]


def find_organisations(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    organisations = Organisation.objects.filter(name__icontains=query).order_by("name", "pk")
    return [
        Hit(
            label=organisation.name,
            url=_organisation_list(organisation.name),
            detail=organisation.get_kind_display(),
            pk=organisation.pk,
        )
        for organisation in organisations[:limit]
    ]


def _person_list(query: str) -> str:
    return f"{reverse('people:person_list')}?{urlencode({'q': query})}"


def _organisation_list(query: str) -> str:
    return f"{reverse('people:organisation_list')}?{urlencode({'q': query})}"


def register_searchers() -> None:
    search.register(
        key="people",
        title="People",
        access_area="people",
        find=find_people,
        more_url=_person_list,
        order=10,
    )
    search.register(
        key="organisations",
        title="Organisations",
        access_area="people",
        find=find_organisations,
        more_url=_organisation_list,
        order=20,
    )
