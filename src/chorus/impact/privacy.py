"""What `impact` holds about people, registered with privacy (ImpactConfig.ready).

A case study in an annual report tells a storyteller's story in the charity's words,
under the name their consent allows. Subject access finds it through the storyteller;
erasure deletes the draft's case study (its use of the story goes with the
storyteller's). A published version keeps what was published: its stored PDF is the
charity's public record, and a correction, not an erasure, changes it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from chorus.impact.models import CaseStudy
from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register


def _delete_erased(records: QuerySet[CaseStudy]) -> None:
    records.delete()


def register_personal_data() -> None:
    register(
        PersonalData(
            model=CaseStudy,
            paths=("storyteller__person",),
            access_areas=("report",),
            lawful_basis=LawfulBasis.CONSENT,
            # A story of lived experience of migration says so.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="case studies in the annual report, told with the storyteller's consent",
            erase=_delete_erased,
        )
    )
