"""What each area knows about a region: areas tell the directory, a region page asks.

`people` owns regions (`Region`) and imports no area. An area with something to
show on a region's page (training days and their attendance, partners and outreach,
storytellers, placements in regional outlets) registers a section here from its
AppConfig.ready(). The region page calls every section with the region (and the
regions inside it) and the viewer, and renders what comes back. A section decides
itself what the viewer may see: names for those who may see them, counts for the
rest, nothing at all when the viewer may not open the area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chorus.people.models import Region


@dataclass(frozen=True)
class RegionSection:
    """What one area shows on a region page, for one viewer.

    `template` renders `context`; `count` is the headline number shown in the
    page's summary (or None); `people_count` marks a count of people, which a
    published report may hide when it is small.
    """

    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    count: int | None = None
    people_count: bool = False
    order: int = 100


# Called with (regions, viewer): the region and every region inside it, and the
# signed-in user. Returns the section, or None when there is nothing to show.
SectionProvider = Callable[[list[Region], Any], RegionSection | None]

_PROVIDERS: dict[str, SectionProvider] = {}


def register(key: str, provider: SectionProvider) -> None:
    """Add (or replace, on reload) an area's section provider."""
    _PROVIDERS[key] = provider


def with_descendants(region: Region) -> list[Region]:
    """The region and every region nested inside it, parents before children."""
    found = [region]
    frontier = [region.pk]
    while frontier:
        children = list(Region.objects.filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [child.pk for child in children]
    return found


def sections_for(region: Region, viewer: Any) -> list[RegionSection]:
    """Every registered section for this region and viewer, in order."""
    regions = with_descendants(region)
    sections = []
    for key in sorted(_PROVIDERS):
        section = _PROVIDERS[key](regions, viewer)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: (section.order, section.title))
