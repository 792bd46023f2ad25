"""What `roundup` holds about people, registered with privacy (loaded by RoundupConfig.ready)."""

from __future__ import annotations

from chorus.privacy.registry import (
    LawfulBasis,
    PersonalData,
    register,
)
from chorus.roundup.models import Recipient, Subscriber, SubscriberConsent


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Subscriber,
            access_areas=("subscribers",),
            paths=("person",),
            owned=True,
            lawful_basis=LawfulBasis.CONSENT,
            purpose="round-up subscribers: address, name and what they receive",
            erase=Subscriber.erase_personal_data,
        )
    )
    register(
        PersonalData(
            model=SubscriberConsent,
            access_areas=("subscribers",),
            paths=("subscriber__person",),
            # Proof of the consent to mail them (Art. 7(1), PECR).
            lawful_basis=LawfulBasis.LEGAL_OBLIGATION,
            purpose="when and how each subscriber consented",
        )
    )
    register(
        PersonalData(
            model=Recipient,
            access_areas=("subscribers",),
            paths=("subscriber__person",),
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="the delivery ledger: which round-up went to which address",
            erase=Recipient.erase_personal_data,
        )
    )
