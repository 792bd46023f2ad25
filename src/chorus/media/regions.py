"""Media's part of a region page: stories placed in the region's own outlets.

Registered with `chorus.people.regions` from MediaConfig.ready(). A regional outlet is
one whose organisation is in the region (BBC Radio Cumbria in Carlisle). Published
coverage is public: every role that may see placements sees the list.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chorus.accounts.access import can
from chorus.media.models import Outlet, Placement
from chorus.people.models import Region
from chorus.people.regions import RegionSection

SHOWN = 20


def placements_section(regions: list[Region], viewer: Any) -> RegionSection | None:
    if not can(viewer, "placements", "view"):
        return None
    outlets = list(
        Outlet.objects.filter(organisation__region__in=regions).order_by("name").only("id", "name")
    )
    found = Placement.objects.filter(outlet__in=outlets)
    count = found.count()
    latest = list(found.select_related("outlet").order_by("-published_on", "-id")[:SHOWN])
    return RegionSection(
        key="media_placements",
        title="Placements in regional outlets",
        template="media/region/placements.html",
        context={
            "outlets": outlets,
            "placements": latest,
            "more": count - len(latest),
            "list_url": reverse("media:placement_list"),
        },
        count=count,
        order=50,
    )
