"""What `people` holds about a person, registered with privacy (loaded by PeopleConfig.ready).

The Person is the subject every other registration leads to.
"""

from __future__ import annotations

from typing import Any

from chorus.people.models import Person
from chorus.privacy.erasure import erased_name
from chorus.privacy.registry import LawfulBasis, PersonalData, register


def _erased_person(person: Any) -> dict[str, Any]:
    return {"full_name": erased_name(person.pk), "organisation": None}


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Person,
            access_areas=("people",),
            subject=True,
            lawful_basis=LawfulBasis.LEGITIMATE_INTERESTS,
            purpose="contact details of the people the charity works with",
            erase_values=_erased_person,
        )
    )
