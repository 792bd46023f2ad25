"""The annual report's uses of stories (case studies), described for voices' pages.

Registered from ImpactConfig.ready(): the consent and withdrawal pages list each case
study that tells a storyteller's story, with what to do after a withdrawal.
"""

from __future__ import annotations

from django.urls import reverse

from chorus.impact.models import CaseStudy
from chorus.voices.models import StorytellerProfile
from chorus.voices.uses import UseEntry


def uses_in_reports(storyteller: StorytellerProfile) -> list[UseEntry]:
    cases = (
        CaseStudy.objects.filter(storyteller=storyteller, story_use__isnull=False)
        .select_related("report", "story_use")
        .order_by("pk")
    )
    entries = []
    for case in cases:
        if case.story_use is None:  # filtered out above; kept for the type checker
            continue
        published = case.report.versions.exists()
        entries.append(
            UseEntry(
                use_id=case.story_use.pk,
                label=f"Case study in {case.report.title}: {case.title}",
                on=case.story_use.used_on,
                link=reverse("impact:annual_detail", args=[case.report.pk]),
                suggested=(
                    "Remove the case study and publish a corrected version of the report"
                    if published
                    else "Remove the case study from the draft"
                ),
                status="published" if published else "in a draft",
            )
        )
    return entries
