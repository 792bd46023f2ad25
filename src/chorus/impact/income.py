"""The income service: where an area records money the charity received.

Income is kept by `funders` (by financial year, fund and source), but the areas that
earn it sit beside funders, not below it: training records a paid fee for a bespoke
session, and training may import impact but not funders. So impact defines the call
and funders answers it: funders registers its recorder from its AppConfig.ready(),
and any area records income with `income_record`. impact stores nothing itself.

    from chorus.impact.income import income_record
    income_record(actor=user, source="earned", amount=Decimal("450.00"),
                  received_on=day, description="Bespoke training: Example Trust",
                  reference="training.session:42")

`reference` names the record the money came from; recording the same reference again
changes that entry instead of adding a second one, so saving a session twice never
counts its fee twice. An amount of None removes the entry (a fee marked unpaid).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal, Protocol

__all__ = ["Source", "income_record", "register_recorder"]

Source = Literal["grant", "donation", "earned"]


class Recorder(Protocol):
    def __call__(
        self,
        *,
        actor: Any,
        source: Source,
        amount: Decimal | None,
        received_on: datetime.date,
        description: str,
        reference: str,
    ) -> Any: ...


_recorder: Recorder | None = None


def register_recorder(recorder: Recorder) -> None:
    """Set the function that stores income (registering again replaces it)."""
    global _recorder
    _recorder = recorder


def income_record(
    *,
    actor: Any,
    source: Source,
    amount: Decimal | None,
    received_on: datetime.date,
    description: str,
    reference: str,
) -> Any:
    """Record (or, with the same reference, correct) income received; None removes it."""
    if _recorder is None:
        raise RuntimeError("No income recorder is registered: is the funders app installed?")
    if not reference:
        raise ValueError("Income recorded by an area names the record it came from.")
    return _recorder(
        actor=actor,
        source=source,
        amount=amount,
        received_on=received_on,
        description=description,
        reference=reference,
    )
