"""Media's uses of stories, described for voices' pages (`chorus.voices.uses`).

Registered from MediaConfig.ready(): the consent and withdrawal pages list a
storyteller's placements and pitches through it, with what to ask of the outlets
after a withdrawal.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from chorus.media.models import AudienceSegment, Outlet, Pitch, Placement
from chorus.voices.consent.services import story_use_record, story_use_remove
from chorus.voices.models import StorytellerProfile, StoryUse
from chorus.voices.outlets import OutletFacts
from chorus.voices.uses import UseEntry


def outlet_facts(outlet: Outlet) -> OutletFacts:
    """The outlet as the consent judge reads it: its organisation, kind and audience."""
    return OutletFacts(
        organisation_id=outlet.organisation_id,
        kind=outlet.kind,
        segment=outlet.segment.slug,
        name=outlet.name,
        segment_name=outlet.segment.name,
    )


def outlet_choices() -> list[tuple[str, OutletFacts]]:
    """Every outlet, for voices' "check a use" form."""
    return [
        (str(outlet.pk), outlet_facts(outlet))
        for outlet in Outlet.objects.select_related("segment").order_by("name")
    ]


def audience_choices() -> list[tuple[str, str]]:
    """The audience segments, as codes and names, for a consent's exclusions."""
    return list(AudienceSegment.objects.order_by("position", "name").values_list("slug", "name"))


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
        link=reverse("media:pitch_detail", args=[pitch.pk]),
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
        ).values_list("pk", "kind", "object_id")
    )
    placements = Placement.objects.select_related("outlet").in_bulk(
        [object_id for _, kind, object_id in links if kind == StoryUse.Kind.PLACEMENT]
    )
    pitches = (
        Pitch.objects.defer("idea")
        .prefetch_related("outlets")
        .in_bulk([object_id for _, kind, object_id in links if kind == StoryUse.Kind.PITCH])
    )
    entries = []
    for use_id, kind, object_id in links:
        if kind == StoryUse.Kind.PLACEMENT and object_id in placements:
            entries.append(_placement_entry(use_id, placements[object_id]))
        elif kind == StoryUse.Kind.PITCH and object_id in pitches:
            entries.append(_pitch_entry(use_id, pitches[object_id]))
    return entries


# --- Recording and removing media's uses of stories ----------------------------------


def placement_uses(placement: Placement) -> QuerySet[StoryUse]:
    """The uses of stories in a placement: the storytellers recorded as speaking in it."""
    return StoryUse.objects.filter(kind=StoryUse.Kind.PLACEMENT, object_id=placement.pk)


def pitch_uses(pitch: Pitch) -> QuerySet[StoryUse]:
    return StoryUse.objects.filter(kind=StoryUse.Kind.PITCH, object_id=pitch.pk)


def placement_voice_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    placement: Placement,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
) -> StoryUse:
    """Record a storyteller as speaking in a placement, judged on its publication day
    for its outlet (both judges, through `story_use_record`)."""
    return story_use_record(
        actor=actor,
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        object_id=placement.pk,
        description=placement.outlet.name,
        outlets=[outlet_facts(placement.outlet)],
        on=placement.published_on,
        media_type=media_type,
        identity_level=identity_level,
        face_shown=face_shown,
    )


def pitch_voice_record(
    *,
    actor: Any,
    storyteller: StorytellerProfile,
    pitch: Pitch,
    media_type: str,
    identity_level: str,
    face_shown: bool = False,
) -> StoryUse:
    """Record a storyteller's story as used in a pitch: covered for every outlet pitched to."""
    return story_use_record(
        actor=actor,
        storyteller=storyteller,
        kind=StoryUse.Kind.PITCH,
        object_id=pitch.pk,
        description=pitch.title,
        outlets=[outlet_facts(outlet) for outlet in pitch.outlets.all()],
        media_type=media_type,
        identity_level=identity_level,
        face_shown=face_shown,
    )


def uses_forget(*, actor: Any, uses: QuerySet[StoryUse], reason: str) -> None:
    """Remove the uses recorded in a record being deleted, each audited with the reason."""
    for use in uses.select_related("storyteller", "consent"):
        story_use_remove(actor=actor, use=use, reason=reason)
