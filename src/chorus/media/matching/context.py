"""What a request asks for, and what ranking and explaining share while answering it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings

from chorus.media.models import JournalistRequest, Outlet
from chorus.media.story_uses import outlet_facts
from chorus.voices.models import StorytellerProfile
from chorus.voices.outlets import OutletFacts

# Storytellers matching considers. Those who left the network, or were erased, are not
# in it any more: nothing of theirs is loaded.
IN_NETWORK = (StorytellerProfile.Status.ACTIVE, StorytellerProfile.Status.PAUSED)
ACTIVE = StorytellerProfile.Status.ACTIVE.value

Regions = Mapping[int, tuple[str, int | None]]  # region id → (name, parent id)


def rest_days() -> int:
    """Days a storyteller rests after a media appearance before matching suggests them."""
    return int(getattr(settings, "CHORUS_MATCH_REST_DAYS", 14))


@dataclass(frozen=True)
class Needs:
    """What the request asks for, as plain values."""

    outlet: OutletFacts  # as the consent judge reads it (its reasons name it)
    media_type: str
    identity_level: str
    face_needed: bool
    languages: Mapping[str, str]  # lower-cased name → name as written
    region_id: int | None
    themes: Mapping[int, str]  # theme id → name
    request_id: int | None = None


def needs_of(request: JournalistRequest) -> Needs:
    outlet = outlet_facts(Outlet.objects.select_related("segment").get(pk=request.outlet_id))
    languages: dict[str, str] = {}
    for language in request.languages or []:
        name = str(language).strip()
        if name:
            languages.setdefault(name.lower(), name)
    themes = dict(request.themes.values_list("pk", "name")) if request.pk else {}
    return Needs(
        outlet=outlet,
        media_type=request.media_type,
        identity_level=request.identity_level_acceptable,
        face_needed=request.face_needed,
        languages=languages,
        region_id=request.region_id,
        themes=themes,
        request_id=request.pk,
    )


@dataclass
class Context:
    """What ranking and explaining share for one request."""

    needs: Needs
    on: datetime.date
    rest: int
    # Languages, lower-cased, of the interpreters who are active (read when a language
    # is asked for).
    interpreters: frozenset[str] = frozenset()
    # Read when a region is asked for.
    regions: Regions = field(default_factory=dict)

    @property
    def rested_by(self) -> datetime.date:
        """Whoever last appeared in the media on or before this day has rested enough."""
        return self.on - datetime.timedelta(days=self.rest)


def area(region_id: int, regions: Regions) -> int:
    """The top region a region belongs to (itself when it has no parent)."""
    seen = 0
    while (parent := regions.get(region_id, ("", None))[1]) is not None and seen < 10:
        region_id, seen = parent, seen + 1
    return region_id


def region_name(region_id: int, regions: Regions) -> str:
    name, parent = regions.get(region_id, ("an unknown region", None))
    if parent is not None and parent in regions:
        return f"{regions[parent][0]} › {name}"
    return name
