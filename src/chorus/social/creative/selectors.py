"""Reads of creative projects."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from chorus.social.creative.models import Participant, Project


def projects() -> QuerySet[Project]:
    return Project.objects.annotate(
        participant_count=Count("participants", distinct=True),
        partner_count=Count("partners", distinct=True),
    ).order_by("-starts_on", "name")


def participants(project: Project) -> list[Participant]:
    return list(
        Participant.objects.filter(project=project).select_related(
            "storyteller", "photo_use", "exhibition_use"
        )
    )
