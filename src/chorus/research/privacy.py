"""What `research` holds about people, registered with privacy (loaded by ResearchConfig.ready).

Research keeps no participant's name, contact or link to a person: a quote is kept
only with the participant's consent, in words that do not identify them, and its text
is encrypted. Because nothing ties a quote to a person, subject access and erasure
cannot find one by person; a request naming a quote is met by deleting it on its
study's quotes page (audited). Toolkit documents are the charity's own publications,
not personal data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register
from chorus.research.models import Quote


def _no_link_to_anyone(person: Any) -> QuerySet[Quote]:
    """Quotes name no one, so none can be found by a person."""
    return Quote.objects.none()


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Quote,
            access_areas=("research_quotes",),
            lawful_basis=LawfulBasis.CONSENT,
            # What a participant says of their own route or status can reveal it.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="Participants' words from message testing, quoted without their name "
            "in findings and toolkits.",
            records=_no_link_to_anyone,
        )
    )
