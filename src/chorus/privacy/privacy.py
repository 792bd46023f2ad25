"""What `privacy` itself holds about people: the answers given in retention reviews.

(Audit rows are exported separately, as the audit trail of the person's records.)
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from chorus.lib.imports.models import ImportUpload
from chorus.lib.imports.registry import kinds as import_kinds
from chorus.privacy import registry
from chorus.privacy.models import RetentionDecision
from chorus.privacy.registry import KeptFiles, LawfulBasis, PersonalData, register_kept_files


def retention_decisions_about(person: Any) -> QuerySet[RetentionDecision]:
    """Decisions about any of the person's records that are reviewed for retention."""
    about = Q(pk__in=[])
    for entry in registry.retention_rules():
        ids = list(entry.records_of(person).values_list("pk", flat=True))
        if ids:
            about |= Q(record_type=entry.label, record_id__in=ids)
    return RetentionDecision.objects.filter(about)


def register_personal_data() -> None:
    registry.register(
        PersonalData(
            model=RetentionDecision,
            access_areas=("data_protection",),
            records=retention_decisions_about,
            # Storage limitation (Art. 5(1)(e)) and showing it is kept to (Art. 5(2)).
            lawful_basis=LawfulBasis.LEGAL_OBLIGATION,
            purpose="retention reviews: whether the person's records were kept or erased",
        )
    )
    # Every import goes through lib's framework, which keeps the uploads in one table
    # (a kind that reads its file without keeping it leaves the file empty).
    register_kept_files(
        KeptFiles(
            model=ImportUpload,
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="uploaded import files (placements, subscribers…), kept to check an import",
            # Each kind's file is read by whoever may import that kind.
            access_areas_of=lambda: tuple(sorted({kind.area for kind in import_kinds()})),
        )
    )
