"""Voices' part of a region page: the storytellers who live there.

Registered with `chorus.people.regions` from VoicesConfig.ready(). Roles that may see
storytellers get their references (and, for those who see sensitive details, the name
used in media, the read audited); every other role gets how many there are and
nothing else, which says no more than the network's size.
"""

from __future__ import annotations

from typing import Any

from chorus.accounts.access import can
from chorus.people.models import Region
from chorus.people.regions import RegionSection
from chorus.voices.access import may_see_sensitive, storytellers_for
from chorus.voices.models import StorytellerProfile
from chorus.voices.services import storytellers_listed_record

SHOWN = 50  # a region's page lists at most this many; the storytellers list has the rest


def _in(regions: list[Region]) -> Any:
    return StorytellerProfile.objects.filter(
        region__in=regions,
        status__in=(StorytellerProfile.Status.ACTIVE, StorytellerProfile.Status.PAUSED),
    )


def storytellers_section(regions: list[Region], viewer: Any) -> RegionSection:
    if not can(viewer, "storytellers", "view"):
        return RegionSection(
            key="voices_storytellers",
            title="Storytellers",
            template="voices/region/storytellers_count.html",
            count=_in(regions).count(),
            people_count=True,
            order=40,
        )
    found = storytellers_for(viewer).filter(pk__in=_in(regions).values("pk"))
    count = found.count()
    names = may_see_sensitive(viewer)
    # Only what the page shows: every other encrypted field would be decrypted for nothing.
    listed = list(
        found.select_related(None)
        .only("id", "reference", "media_name", "status")
        .order_by("reference")[:SHOWN]
    )
    if names and listed:
        storytellers_listed_record(
            actor=viewer,
            profiles=listed,
            purpose=f"listed with media name on the page of {regions[0]}",
        )
    return RegionSection(
        key="voices_storytellers",
        title="Storytellers",
        template="voices/region/storytellers.html",
        context={"storytellers": listed, "names": names, "more": count - len(listed)},
        count=count,
        people_count=True,
        order=40,
    )
