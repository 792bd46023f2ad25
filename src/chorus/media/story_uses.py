"""Media's uses of stories, described for voices' pages (`chorus.voices.uses`).

Registered from MediaConfig.ready(): the consent and withdrawal pages list a
storyteller's placements and pitches through it, with what to ask of the outlets
after a withdrawal.
"""

from __future__ import annotations

from django.urls import reverse

from chorus.media.models import Pitch, Placement
from chorus.voices.models import StorytellerProfile, StoryUse
from chorus.voices.uses import UseEntry


def _placement_entry(use_id: int, placement: Placement) -> UseEntry:
    return UseEntry(
        use_id=use_id,
        label=f"{placement.outlet.name}: {placement.headline}",
        on=placement.published_on,
        link=placement.url,
        suggested=f"Ask {placement.outlet.name} to anonymise or remove the piece",
    )


def _pitch_entry(use_id: int, pitch: Pitch) -> UseEntry:
    outlets = [outlet.name for outlet in pitch.outlets.all()]
    return UseEntry(
        use_id=use_id,
        label=f"Pitch: {pitch.title}",
        on=pitch.created_at.date() if pitch.created_at else None,
        link=reverse("desk:pitch_detail", args=[pitch.pk]),
        suggested=(
            f"Drop the pitch and tell {', '.join(outlets)} it is withdrawn"
            if outlets
            else "Drop the pitch"
        ),
        status=str(pitch.get_status_display()).lower(),
    )


def uses_in_media(storyteller: StorytellerProfile) -> list[UseEntry]:
    """The storyteller's placements and pitches, one entry per recorded use."""
    links = list(
        StoryUse.objects.filter(
            storyteller=storyteller, kind__in=(StoryUse.Kind.PLACEMENT, StoryUse.Kind.PITCH)
        ).values_list("pk", "kind", "placement_id", "pitch_id")
    )
    placements = Placement.objects.select_related("outlet").in_bulk(
        [placement_id for _, kind, placement_id, _ in links if placement_id is not None]
    )
    pitches = (
        Pitch.objects.defer("idea")
        .prefetch_related("outlets")
        .in_bulk([pitch_id for _, kind, _, pitch_id in links if pitch_id is not None])
    )
    entries = []
    for use_id, kind, placement_id, pitch_id in links:
        if kind == StoryUse.Kind.PLACEMENT and placement_id in placements:
            entries.append(_placement_entry(use_id, placements[placement_id]))
        elif kind == StoryUse.Kind.PITCH and pitch_id in pitches:
            entries.append(_pitch_entry(use_id, pitches[pitch_id]))
    return entries
