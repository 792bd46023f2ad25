"""Creative projects' uses of stories, described for voices' pages (`chorus.voices.uses`).

Registered from SocialConfig.ready(): the consent and withdrawal pages list each
project a storyteller took part in, as images and as exhibition, with what to do
after a withdrawal (take their images out of the project and its showings).
"""

from __future__ import annotations

from django.urls import reverse

from chorus.social.creative.models import Project
from chorus.voices.models import MediaType, StorytellerProfile, StoryUse
from chorus.voices.uses import UseEntry


def uses_in_projects(storyteller: StorytellerProfile) -> list[UseEntry]:
    links = list(
        StoryUse.objects.filter(storyteller=storyteller, kind=StoryUse.Kind.CREATIVE)
        .exclude(object_id__isnull=True)
        .values_list("pk", "object_id", "media_type", "used_on")
    )
    projects = Project.objects.in_bulk([oid for _, oid, _, _ in links])
    entries = []
    for use_id, object_id, media_type, used_on in links:
        project = projects.get(object_id)
        if project is None:
            continue
        as_what = "exhibition" if media_type == MediaType.EXHIBITION else "images"
        entries.append(
            UseEntry(
                use_id=use_id,
                label=f"Creative project {project.name} ({as_what})",
                on=used_on,
                link=reverse("social:project_detail", args=[project.pk]),
                suggested=(
                    "Withdraw their work from any further showing"
                    if media_type == MediaType.EXHIBITION
                    else "Remove their images from the project and its publications"
                ),
                status=project.get_kind_display().lower(),
            )
        )
    return entries
