"""What matching answers: each storyteller ranked, with a reason per factor once explained."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class Reason(NamedTuple):
    ok: bool
    text: str


class MatchedStoryteller(NamedTuple):
    """What matching knows of a storyteller: plain fields only, never a decrypted one.

    A tuple, because matching builds thousands of them on every request.
    """

    pk: int
    reference: str
    status: str
    region_id: int | None
    media_training_done: bool
    experience: str
    is_available: bool
    availability_note: str
    last_media_appearance: datetime.date | None

    def __str__(self) -> str:
        return self.reference


@dataclass(slots=True)
class MatchResult:
    storyteller: MatchedStoryteller
    score: int
    eligible: bool
    held: bool
    # One reason per factor, in words; filled by `explain` (rank_storytellers explains
    # every result unless told otherwise). Empty until then: one shared empty tuple, not
    # a list per storyteller, for those never explained.
    reasons: Sequence[Reason] = ()
    # The consent that covers the request (None when none does). Ranking sets it for
    # those who fit; explaining, for everyone it explains.
    consent_id: int | None = None
    # The storyteller's language an interpreter would translate, when one is needed.
    interpreter_language: str = ""
    # The judge's words on consent, once explained.
    consent_reason: str = ""
    language_ok: bool = True
    # An open concern, but the safeguarding lead cleared them for this request.
    hold_lifted: bool = False
