"""The podcast's uses of stories, described for voices' pages (`chorus.voices.uses`).

Registered from SocialConfig.ready(): the consent and withdrawal pages list the
episodes a storyteller is a guest in, with what to do after a withdrawal (edit the
episode to cut or disguise their part, or take it down).
"""

from __future__ import annotations

from django.urls import reverse

from chorus.social.podcast.models import Episode
from chorus.voices.models import StorytellerProfile, StoryUse
from chorus.voices.uses import UseEntry


def uses_as_guest(storyteller: StorytellerProfile) -> list[UseEntry]:
    links = list(
        StoryUse.objects.filter(storyteller=storyteller, kind=StoryUse.Kind.PODCAST_GUEST)
        .exclude(object_id__isnull=True)
        .values_list("pk", "object_id", "used_on")
    )
    episodes = Episode.objects.select_related("series").in_bulk([oid for _, oid, _ in links])
    entries = []
    for use_id, object_id, used_on in links:
        episode = episodes.get(object_id)
        if episode is None:
            continue
        if episode.taken_down_on:
            suggested, status = "Already taken down", "taken down"
        elif episode.published_on:
            suggested = "Edit the episode to cut their part, or take it down from every feed"
            status = "published"
        else:
            suggested, status = "Cut their part before it is published", "not published"
        entries.append(
            UseEntry(
                use_id=use_id,
                label=f"Podcast guest: {episode}",
                on=episode.published_on or used_on,
                link=reverse("social:episode_detail", args=[episode.pk]),
                suggested=suggested,
                status=status,
            )
        )
    return entries
