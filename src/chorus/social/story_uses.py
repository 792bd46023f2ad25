"""Social's uses of stories, described for voices' pages (`chorus.voices.uses`).

Registered from SocialConfig.ready(): the consent and withdrawal pages list the posts
that feature a storyteller, with what to do after a withdrawal (take the post down).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from chorus.social.models import Post
from chorus.voices.models import StorytellerProfile, StoryUse
from chorus.voices.uses import UseEntry


def uses_in_posts(storyteller: StorytellerProfile) -> list[UseEntry]:
    links = list(
        StoryUse.objects.filter(storyteller=storyteller, kind=StoryUse.Kind.POST)
        .exclude(object_id__isnull=True)
        .values_list("pk", "object_id")
    )
    posts = Post.objects.select_related("account").in_bulk([oid for _, oid in links])
    entries = []
    for use_id, object_id in links:
        post = posts.get(object_id)
        if post is None:
            continue
        entries.append(
            UseEntry(
                use_id=use_id,
                label=f"Post on @{post.account.handle}: {post}",
                on=timezone.localdate(post.published_at),
                link=reverse("social:post_detail", args=[post.pk]),
                suggested=(
                    "Already taken down"
                    if post.taken_down_at
                    else f"Take the post down from @{post.account.handle} and log it"
                ),
                status="taken down" if post.taken_down_at else "published",
            )
        )
    return entries
