"""Reading the journalist directory. Nothing here writes.

The directory is the people who have a journalist row (an outlet) or a journalist
profile. It is read through `people_visible_to`, so it never shows someone the
viewer may not know exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from chorus.media.models import Journalist, JournalistProfile, JournalistRequest, Placement
from chorus.people.models import Person, Region
from chorus.people.selectors import people_visible_to


def _roles_current_first() -> Prefetch[Any]:
    return Prefetch(
        "journalist_roles",
        queryset=Journalist.objects.select_related("outlet").order_by(
            "-is_current", "outlet__name"
        ),
    )


def journalists_visible_to(viewer: Any) -> QuerySet[Person]:
    """Everyone in the directory this viewer may know of, with their outlets (current first)."""
    return (
        people_visible_to(viewer)
        .filter(
            Q(pk__in=Journalist.objects.values("person"))
            | Q(pk__in=JournalistProfile.objects.values("person"))
        )
        .select_related("journalist_profile", "journalist_profile__region__parent")
        .prefetch_related(_roles_current_first())
        .order_by("full_name", "pk")
    )


def journalists_search(
    *,
    viewer: Any,
    q: str = "",
    outlet: str = "",
    beat: str = "",
    region: Region | None = None,
    hide_do_not_contact: bool = False,
) -> QuerySet[Person]:
    """The directory filtered: `q` by name or email, `outlet` and `beat` by words in them,
    `region` with the places inside it."""
    people = journalists_visible_to(viewer)
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    if outlet:
        people = people.filter(
            pk__in=Journalist.objects.filter(outlet__name__icontains=outlet).values("person")
        )
    if beat:
        people = people.filter(
            pk__in=Journalist.objects.filter(beats__icontains=beat).values("person")
        )
    if region is not None:
        people = people.filter(
            Q(journalist_profile__region=region) | Q(journalist_profile__region__parent=region)
        )
    if hide_do_not_contact:
        people = people.exclude(journalist_profile__do_not_contact=True)
    return people


def journalist_requests(person: Person) -> QuerySet[JournalistRequest]:
    """The requests this journalist sent (at any of their outlets), newest first."""
    return JournalistRequest.objects.filter(journalist__person=person).select_related(
        "outlet", "placement"
    )


def journalist_placements(person: Person) -> QuerySet[Placement]:
    """Placements that came from this journalist's requests: the only link Chorus records."""
    return (
        Placement.objects.filter(requests__journalist__person=person)
        .select_related("outlet")
        .distinct()
    )
