"""What `voices` holds about people, registered with privacy (loaded by VoicesConfig.ready).

Storytellers' records are special-category data: they reveal origin, immigration
situation, health and beliefs. Chorus holds them with the storyteller's explicit
consent, except safeguarding records, which are kept to protect people at risk.

Storytellers' retention rule lives here too: a storyteller with no activity for
CHORUS_RETENTION_MONTHS (24 by default) is flagged for a retention review.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from chorus.privacy.registry import (
    Article9Condition,
    LawfulBasis,
    PersonalData,
    RetentionRule,
    register,
)
from chorus.voices.models import (
    Consent,
    InvolvementPayment,
    Membership,
    MentoringSession,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    WellbeingCheckIn,
)

CONSENT = LawfulBasis.CONSENT
EXPLICIT = Article9Condition.EXPLICIT_CONSENT
# Safeguarding: the DPA 2018 Schedule 1 condition for safeguarding individuals at risk.
SAFEGUARDING = Article9Condition.SUBSTANTIAL_PUBLIC_INTEREST
THROUGH_STORYTELLER = ("storyteller__person",)


def retention_months() -> int:
    return int(getattr(settings, "CHORUS_RETENTION_MONTHS", 24))


STORYTELLER_RETENTION = RetentionRule(
    noun="storyteller",
    months=retention_months,
    activity_field="last_active_on",
    flag_field="flagged_for_erasure_on",
    reference_field="reference",
    person_field="person",
    gone={"status": StorytellerProfile.Status.ERASED},
    details={"region": "Region"},
)


def _withdraw(records: QuerySet[Consent]) -> None:
    """An erasure withdraws the consent: nothing new may use the story."""
    records.filter(withdrawn_on__isnull=True).update(withdrawn_on=timezone.localdate())


def register_personal_data() -> None:
    register(
        PersonalData(
            model=StorytellerProfile,
            access_areas=("storytellers", "storyteller_sensitive"),
            paths=("person",),
            owned=True,
            reference_field="reference",
            lawful_basis=CONSENT,
            article9=EXPLICIT,
            purpose="the storyteller's profile, story and situation, to match them to media",
            erase_values={
                "status": StorytellerProfile.Status.ERASED,
                "is_available": False,
                "flagged_for_erasure_on": None,
            },
            retention=STORYTELLER_RETENTION,
        )
    )
    register(
        PersonalData(
            model=Consent,
            access_areas=("consent",),
            paths=THROUGH_STORYTELLER,
            owned=True,
            lawful_basis=LawfulBasis.LEGAL_OBLIGATION,  # proof of consent (Art. 7(1))
            article9=EXPLICIT,
            purpose="the consents the storyteller gave, to show what each use rests on",
            erase=_withdraw,
        )
    )
    register(
        PersonalData(
            model=SafeguardingConcern,
            access_areas=("safeguarding",),
            paths=THROUGH_STORYTELLER,
            owned=True,
            lawful_basis=LawfulBasis.VITAL_INTERESTS,
            article9=SAFEGUARDING,
            purpose="safeguarding concerns, to protect the storyteller",
        )
    )
    register(
        PersonalData(
            model=SafeguardingAction,
            access_areas=("safeguarding",),
            paths=("concern__storyteller__person",),
            lawful_basis=LawfulBasis.VITAL_INTERESTS,
            article9=SAFEGUARDING,
            purpose="what was done about a safeguarding concern",
        )
    )
    register(
        PersonalData(
            model=StoryUse,
            paths=("storyteller__person", "consent__storyteller__person"),
            lawful_basis=CONSENT,
            article9=EXPLICIT,
            purpose="each use of the story, to honour a withdrawal and count impact",
            access_areas=("consent",),
        )
    )
    # Shown on the storyteller's page (its notes only to those who see sensitive
    # details); memberships on the programmes' pages too.
    on_page = ("storytellers", "storyteller_sensitive")
    for model, purpose, basis, article9, areas in [
        (StorytellerLanguage, "languages the storyteller speaks", CONSENT, EXPLICIT, on_page),
        (
            Membership,
            "programmes the storyteller belongs to",
            CONSENT,
            EXPLICIT,
            ("storytellers", "programmes"),
        ),
        (MentoringSession, "mentoring sessions and their notes", CONSENT, EXPLICIT, on_page),
        (WellbeingCheckIn, "wellbeing and aftercare check-ins", CONSENT, EXPLICIT, on_page),
        # Payments are kept for the accounts (HMRC, the charity's auditors).
        (
            InvolvementPayment,
            "fees and expenses paid",
            LawfulBasis.LEGAL_OBLIGATION,
            EXPLICIT,
            ("storytellers",),
        ),
    ]:
        register(
            PersonalData(
                model=model,
                paths=THROUGH_STORYTELLER,
                lawful_basis=basis,
                article9=article9,
                purpose=purpose,
                access_areas=areas,
            )
        )
