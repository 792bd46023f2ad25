"""What `social` holds about people, registered with privacy (SocialConfig.ready).

A post that features a storyteller is found through the storyteller's uses of kind
"post" (voices keeps no key to posts). Its caption and the words describing others
featured may name the person, so erasure blanks them; the post and its figures stay.

The podcast's hosts point at a person (or staff); its guests and creative projects'
participants are storytellers, found through their uses of stories. Their rows hold
only flags and links, so erasure leaves them to be counted; what names the guest (the
storyteller, the use's description) is blanked where it lives. None has a retention
rule of its own: guests and participants go with the storyteller's retention review
(voices), hosts are the charity's public record of who presented an episode.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register
from chorus.social.models import Guest, Host, Participant, Post
from chorus.voices.models import StoryUse


def posts_of(person: Any) -> QuerySet[Post]:
    ids = StoryUse.objects.filter(
        kind=StoryUse.Kind.POST, storyteller__person=person, object_id__isnull=False
    ).values_list("object_id", flat=True)
    return Post.objects.filter(pk__in=list(ids))


def guests_of(person: Any) -> QuerySet[Guest]:
    """Found through their use of a story (the walk from a person stops at voices' uses)."""
    return Guest.objects.filter(use__storyteller__person=person)


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Post,
            access_areas=("social",),
            records=posts_of,
            lawful_basis=LawfulBasis.CONSENT,
            # Featuring someone as a person with lived experience of migration says so.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="social media posts that feature a storyteller, with their consent",
        )
    )

    register(
        PersonalData(
            model=Host,
            paths=("person",),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="who presented each podcast episode (published with it)",
            access_areas=("social",),
        )
    )
    register(
        PersonalData(
            model=Guest,
            records=guests_of,
            lawful_basis=LawfulBasis.CONSENT,
            # A guest is heard as a person with lived experience of migration.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="storytellers heard as podcast guests, anonymous or with their voice "
            "disguised as they chose, with their consent",
            access_areas=("social",),
        )
    )
    register(
        PersonalData(
            model=Participant,
            paths=("storyteller__person",),
            lawful_basis=LawfulBasis.CONSENT,
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="storytellers photographed and exhibited in creative projects, with "
            "their consent to images and exhibition",
            access_areas=("social",),
        )
    )
