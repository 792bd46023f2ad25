"""What `training` holds about people, registered with privacy (loaded by TrainingConfig.ready).

A registration names someone who signed up (or was signed up) for a session; feedback
given with a name is theirs too. A place on a course for people with lived experience
implies an immigration situation, so registrations are held under Article 9 explicit
consent (the sign-up records the wording agreed to). Most registrations come from the
public page and name no person in the directory: a person's registrations are found by
the directory link, their storyteller profile, or their email address (by its keyed
hash, since the address itself is encrypted).

Retention: `registrations_minimise` (nightly) blanks the names, addresses and
organisations of registrations on sessions that ended more than
CHORUS_TRAINING_RETENTION_MONTHS ago (24 by default); counts and feedback scores stay.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from chorus.privacy.models import AuditAction
from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register
from chorus.privacy.retention import months_before
from chorus.privacy.services import audit_record
from chorus.training.models import Feedback, Registration
from chorus.training.registrations import email_hash


def retention_months() -> int:
    return int(settings.CHORUS_TRAINING_RETENTION_MONTHS)


def registrations_of(person: Any) -> QuerySet[Registration]:
    found = Q(person=person) | Q(storyteller__person=person)
    digest = email_hash(getattr(person, "email", "") or "")
    if digest:
        found |= Q(email_hash=digest)
    return Registration.objects.filter(found)


def feedback_of(person: Any) -> QuerySet[Feedback]:
    return Feedback.objects.filter(registration__in=registrations_of(person))


def _forget_identity(records: QuerySet[Registration]) -> None:
    """After erasure no key ties the person's registrations together, or to them."""
    records.update(
        identity_key=Concat(Value("erased:"), Cast("pk", output_field=CharField())),
        person=None,
        storyteller=None,
    )


def registrations_minimise(*, today: Any = None) -> int:
    """Blank who came to sessions that ended beyond the retention period. Returns how many."""
    today = today or timezone.localdate()
    cutoff = months_before(today, retention_months())
    due = Registration.objects.filter(session__ends_at__date__lt=cutoff).exclude(
        name="", email="", organisation_name="", email_hash=""
    )
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            Registration.objects.filter(pk=pk).update(
                name="", email="", organisation_name="", email_hash="", consent_wording=""
            )
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="training.registration",
                object_id=str(pk),
                object_repr=f"Registration #{pk}",
                changes={"name": "changed", "email": "changed", "organisation_name": "changed"},
                note=f"retention: session ended more than {retention_months()} months ago",
            )
        count += 1
    return count


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Registration,
            access_areas=("training_attendees",),
            records=registrations_of,
            owned=True,
            lawful_basis=LawfulBasis.CONSENT,
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="places on training sessions and events, attendance, and the consent "
            "wording agreed to at sign-up",
            erase=_forget_identity,
        )
    )
    register(
        PersonalData(
            model=Feedback,
            records=feedback_of,
            lawful_basis=LawfulBasis.CONSENT,
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="feedback on a session given with a name, and permission to quote it",
            # Shown with the session's results; quotes with permission reach the report.
            access_areas=("training", "report"),
        )
    )
