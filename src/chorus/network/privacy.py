"""What `network` holds about people, registered with privacy (NetworkConfig.ready).

Partners' contacts and the people in outreach entries are `people` records; the
entries' notes may name people, so erasure blanks them. The storyteller an entry led
to is a voices profile: the entry is part of their story.
"""

from __future__ import annotations

from chorus.network.models import OutreachEntry, Partner
from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Partner,
            access_areas=("network",),
            paths=("contact",),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="the person to talk to at a partner organisation in a region",
            erase_values={"contact": None},
        )
    )
    register(
        PersonalData(
            model=OutreachEntry,
            access_areas=("network",),
            paths=("people", "introduced_by", "storyteller__person"),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            # Leading someone into the storytellers network says they have lived
            # experience of migration: special-category data, held with their consent.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="outreach: who the charity met, who introduced whom, and where it led",
        )
    )
