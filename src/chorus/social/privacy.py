"""What `social` holds about people, registered with privacy (SocialConfig.ready).

A post that features a storyteller is found through the storyteller's uses of kind
"post" (voices keeps no key to posts). Its caption and the words describing others
featured may name the person, so erasure blanks them; the post and its figures stay.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register
from chorus.social.models import Post
from chorus.voices.models import StoryUse


def posts_of(person: Any) -> QuerySet[Post]:
    ids = StoryUse.objects.filter(
        kind=StoryUse.Kind.POST, storyteller__person=person, object_id__isnull=False
    ).values_list("object_id", flat=True)
    return Post.objects.filter(pk__in=list(ids))


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
