"""What featuring a storyteller in a post needs to know, and nothing more.

For each storyteller: their reference, whether their consent covers social media (and
how identifiable they may be), and whether a safeguarding hold applies. Never what a
concern says, never any other sensitive detail. Names used in media are decrypted only
through `services.media_names_reveal`, which audits each read.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from chorus.voices.consent import consent_covers
from chorus.voices.models import IdentityLevel, MediaType, StorytellerProfile
from chorus.voices.safeguarding import held_among


@dataclass(frozen=True)
class Readiness:
    storyteller: StorytellerProfile
    social: str  # "Covers social media, up to first name only" or the judge's reason
    covered: bool
    held: bool


def readiness(storytellers: Sequence[StorytellerProfile], *, on: datetime.date) -> list[Readiness]:
    held = held_among(s.pk for s in storytellers)
    found = []
    for storyteller in storytellers:
        best = ""
        reason = ""
        for level in reversed(IdentityLevel.values):
            coverage = consent_covers(
                storyteller=storyteller,
                media_type=MediaType.SOCIAL,
                identity_level=level,
                on=on,
            )
            if coverage:
                best = str(IdentityLevel(level).label).lower()
                break
            reason = reason or coverage.reason
        found.append(
            Readiness(
                storyteller=storyteller,
                social=f"Covers social media, up to {best}" if best else reason,
                covered=bool(best),
                held=storyteller.pk in held,
            )
        )
    return found
