"""What `media` holds about people, registered with privacy (loaded by MediaConfig.ready)."""

from __future__ import annotations

from chorus.media.models import Journalist, JournalistProfile, Pitch, RequestCandidate
from chorus.privacy.registry import (
    Article9Condition,
    LawfulBasis,
    PersonalData,
    register,
)


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Journalist,
            access_areas=("journalists",),
            paths=("person",),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="journalists the charity works with, their outlet and beats",
        )
    )
    register(
        PersonalData(
            model=JournalistProfile,
            access_areas=("journalists",),
            paths=("person",),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="the journalist directory: region, how they like to be contacted, "
            "and whether not to contact them, with the reason",
            # Erasure blanks the reason; the flag goes with it (a reason is required).
            erase_values={"do_not_contact": False},
        )
    )
    # A storyteller put forward for a request, or pitched: part of their story.
    for model, paths, purpose, areas in [
        (
            RequestCandidate,
            ("storyteller__person", "consent__storyteller__person"),
            "storytellers put forward for a journalist's request",
            ("requests",),
        ),
        (
            Pitch,
            ("storyteller__person",),
            "story ideas pitched to media with the storyteller",
            ("pitches",),
        ),
    ]:
        register(
            PersonalData(
                model=model,
                paths=paths,
                lawful_basis=LawfulBasis.CONSENT,
                article9=Article9Condition.EXPLICIT_CONSENT,
                purpose=purpose,
                access_areas=areas,
            )
        )
