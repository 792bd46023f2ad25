"""Writes of the podcast. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.lib.redact import redact_names
from chorus.people.models import Person
from chorus.privacy.services import audited_create, audited_update
from chorus.social.podcast.models import (
    SOURCE_METRIC,
    Award,
    Episode,
    Guest,
    Host,
    ListenFigure,
    Series,
)
from chorus.voices.consent.services import story_use_record
from chorus.voices.models import IdentityLevel, MediaType, StorytellerProfile, StoryUse


@transaction.atomic
def series_create(
    *, actor: Any, title: str, description: str = "", starts_on: datetime.date | None = None
) -> Series:
    return audited_create(
        actor=actor,
        instance=Series(title=title.strip(), description=description, starts_on=starts_on),
    )


def _anonymous_names(episode: Episode) -> list[str]:
    """The names of the episode's anonymous guests, to be kept out of its show notes."""
    names: list[str] = []
    guests = Guest.objects.filter(episode=episode, anonymous=True).select_related(
        "use__storyteller__person"
    )
    for guest in guests:
        profile = guest.use.storyteller
        names += [profile.person.full_name, profile.media_name or ""]
    return names


def show_notes_redacted(episode: Episode, text: str) -> str:
    """Show notes as kept: no email address, no anonymous guest's name."""
    if episode.pk is None:
        return redact_names(text)
    return redact_names(text, *_anonymous_names(episode))


@transaction.atomic
def episode_create(
    *,
    actor: Any,
    series: Series,
    number: int,
    title: str,
    published_on: datetime.date | None = None,
    show_notes: str = "",
) -> Episode:
    episode = Episode(series=series, number=number, title=title.strip(), published_on=published_on)
    episode.show_notes = show_notes_redacted(episode, show_notes)
    return audited_create(actor=actor, instance=episode)


@transaction.atomic
def episode_update(*, actor: Any, episode: Episode, **fields: Any) -> dict[str, Any]:
    allowed = {"number", "title", "published_on", "show_notes", "taken_down_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not an episode's editable field: {sorted(unknown)}")
    if "show_notes" in fields:
        fields["show_notes"] = show_notes_redacted(episode, fields["show_notes"])
    return audited_update(actor=actor, instance=episode, fields=fields)


@transaction.atomic
def episode_host_add(
    *, actor: Any, episode: Episode, person: Person | None = None, staff: Any = None, role: str = ""
) -> Host:
    if (person is None) == (staff is None):
        raise ValidationError("Choose either a person or a member of staff as the host.")
    if Host.objects.filter(episode=episode, person=person, staff=staff).exists():
        raise ValidationError("They already host this episode.")
    return audited_create(
        actor=actor,
        instance=Host(episode=episode, person=person, staff=staff, role=role.strip()),
    )


@transaction.atomic
def episode_guest_add(
    *,
    actor: Any,
    episode: Episode,
    storyteller: StorytellerProfile,
    anonymous: bool,
    voice_disguised: bool = False,
    identity_level: str = IdentityLevel.FIRST_NAME,
) -> Guest:
    """A storyteller as a guest: a use of their story of media type "podcast".

    Both judges are asked (through `story_use_record`) on the publication day (today
    before it is published), at the identity level the guest is heard with: anonymous
    when they take part anonymously. A refusal raises ValidationError with the judge's
    reason. An anonymous guest's names are taken out of the show notes.
    """
    if Guest.objects.filter(episode=episode, use__storyteller=storyteller).exists():
        raise ValidationError(
            "%(ref)s is already a guest in this episode.", params={"ref": storyteller.reference}
        )
    level = IdentityLevel.ANONYMOUS if anonymous else identity_level
    use = story_use_record(
        actor=actor,
        storyteller=storyteller,
        kind=StoryUse.Kind.PODCAST_GUEST,
        object_id=episode.pk,
        description=f"Podcast: {episode}"[:300],
        media_type=MediaType.PODCAST,
        identity_level=level,
        on=episode.published_on or timezone.localdate(),
    )
    guest = audited_create(
        actor=actor,
        instance=Guest(
            episode=episode, use=use, anonymous=anonymous, voice_disguised=voice_disguised
        ),
    )
    if anonymous and episode.show_notes:
        audited_update(
            actor=actor,
            instance=episode,
            fields={"show_notes": show_notes_redacted(episode, episode.show_notes)},
        )
    return guest


@transaction.atomic
def award_create(
    *,
    actor: Any,
    series: Series,
    name: str,
    year: int,
    outcome: str,
    category: str = "",
    episode: Episode | None = None,
) -> Award:
    if episode is not None and episode.series_id != series.pk:
        raise ValidationError("That episode is in another series.")
    return audited_create(
        actor=actor,
        instance=Award(
            series=series,
            episode=episode,
            name=name.strip(),
            category=category.strip(),
            year=year,
            outcome=outcome,
        ),
    )


def listens_record(
    *, episode: Episode, source: str, on: datetime.date, value: int
) -> tuple[bool, bool]:
    """Store one day's count of an episode from a source, under the source's metric.

    A second import of the same day replaces it. Returns (created, changed). Called
    inside the import's transaction, which audits it.
    """
    metric = SOURCE_METRIC[source]  # type: ignore[index]
    figure = ListenFigure.objects.filter(episode=episode, source=source, on=on).first()
    if figure is None:
        ListenFigure.objects.create(
            episode=episode, source=source, metric=metric, on=on, value=value
        )
        return True, False
    if figure.value == value:
        return False, False
    figure.value = value
    figure.save(update_fields=["value"])
    return False, True
