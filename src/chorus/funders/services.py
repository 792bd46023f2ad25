"""Writes to grants, their purposes and duties, income and outcomes, each with its audit row."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chorus.funders.models import (
    Duty,
    EnteredValue,
    Fund,
    Grant,
    GrantPurpose,
    IncomeEntry,
    Measure,
    Outcome,
    Source,
    Strategy,
    Target,
)
from chorus.impact import content
from chorus.impact.indicators import get_indicator
from chorus.impact.periods import Period
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update

# --- Grants ---------------------------------------------------------------------------------


@transaction.atomic
def grant_create(*, actor: Any, **fields: Any) -> Grant:
    return audited_create(actor=actor, instance=Grant(**fields))


@transaction.atomic
def grant_update(*, actor: Any, grant: Grant, **fields: Any) -> Grant:
    if "fund" in fields and fields["fund"] != grant.fund and grant.income.exists():
        # Moving received money between funds is a transfer the accounts must show.
        raise ValidationError({"fund": "Income was received into this fund: it can't move."})
    audited_update(actor=actor, instance=grant, fields=fields)
    return grant


def purpose_choices(grant: Grant) -> list[tuple[str, str]]:
    """What a grant may be linked to: every report-content item in the grant's period."""
    period = Period(grant.planned_start, grant.planned_end)
    return [
        (f"{section.key}:{item.record_id}", f"{section.title}: {item.title}")
        for section in content.sections()
        for item in section.items(period)
    ]


@transaction.atomic
def purpose_add(
    *, actor: Any, grant: Grant, choice: str, amount: Decimal | None = None
) -> GrantPurpose:
    """Link the grant to a record offered through the report-content registry."""
    key, _, record = choice.rpartition(":")
    period = Period(grant.planned_start, grant.planned_end)
    section = next((s for s in content.sections() if s.key == key), None)
    item = None
    if section is not None and record.isdigit():
        item = next((i for i in section.items(period) if i.record_id == int(record)), None)
    if section is None or item is None:
        raise ValidationError("Choose something the grant's period holds.")
    if grant.purposes.filter(content_key=key, record_id=item.record_id).exists():
        raise ValidationError("The grant is already linked to it.")
    return audited_create(
        actor=actor,
        instance=GrantPurpose(
            grant=grant,
            content_key=key,
            record_id=item.record_id,
            title=item.title[:300],
            detail=item.detail[:300],
            amount=amount,
        ),
    )


@transaction.atomic
def purpose_remove(*, actor: Any, purpose: GrantPurpose) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=purpose)
    purpose.delete()


# --- Reporting duties -----------------------------------------------------------------------


@transaction.atomic
def duty_create(*, actor: Any, grant: Grant, **fields: Any) -> Duty:
    return audited_create(actor=actor, instance=Duty(grant=grant, **fields))


@transaction.atomic
def duty_update(*, actor: Any, duty: Duty, **fields: Any) -> Duty:
    if fields.get("submitted_on") and fields.get("status", duty.status) != Duty.Status.DONE:
        fields["status"] = Duty.Status.DONE
    audited_update(actor=actor, instance=duty, fields=fields)
    return duty


# --- Income ---------------------------------------------------------------------------------


@transaction.atomic
def income_create(*, actor: Any, **fields: Any) -> IncomeEntry:
    return audited_create(actor=actor, instance=IncomeEntry(**fields))


@transaction.atomic
def income_delete(*, actor: Any, entry: IncomeEntry) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=entry)
    entry.delete()


@transaction.atomic
def income_record_for_area(
    *,
    actor: Any,
    source: str,
    amount: Decimal | None,
    received_on: datetime.date,
    description: str,
    reference: str,
) -> IncomeEntry | None:
    """impact's income service, answered here (registered in FundersConfig.ready()).

    Income an area earns (a bespoke session's fee) is unrestricted: no funder
    restricted it. One entry per reference; None removes it.
    """
    existing = IncomeEntry.objects.select_for_update().filter(reference=reference).first()
    if amount is None or amount <= 0:
        if existing is not None:
            income_delete(actor=actor, entry=existing)
        return None
    if source not in Source.values or source == Source.GRANT:
        raise ValidationError("Areas record donations or earned income; grants are recorded here.")
    fields = {
        "amount": amount,
        "received_on": received_on,
        "description": description[:300],
        "source": source,
    }
    if existing is not None:
        audited_update(actor=actor, instance=existing, fields=fields)
        return existing
    return income_create(actor=actor, fund=Fund.UNRESTRICTED, reference=reference, **fields)


# --- Outcomes and targets -------------------------------------------------------------------


@transaction.atomic
def strategy_create(*, actor: Any, **fields: Any) -> Strategy:
    strategy = Strategy(**fields)
    if strategy.ends_on and strategy.starts_on and strategy.ends_on < strategy.starts_on:
        raise ValidationError({"ends_on": "The strategy must end after it starts."})
    return audited_create(actor=actor, instance=strategy)


@transaction.atomic
def outcome_create(*, actor: Any, strategy: Strategy, **fields: Any) -> Outcome:
    return audited_create(actor=actor, instance=Outcome(strategy=strategy, **fields))


@transaction.atomic
def measure_create(*, actor: Any, outcome: Outcome, indicator_code: str, **fields: Any) -> Measure:
    try:
        get_indicator(indicator_code)
    except KeyError:
        raise ValidationError({"indicator_code": "Choose a registered indicator."}) from None
    if outcome.measures.filter(indicator_code=indicator_code).exists():
        raise ValidationError({"indicator_code": "The outcome already has this indicator."})
    return audited_create(
        actor=actor, instance=Measure(outcome=outcome, indicator_code=indicator_code, **fields)
    )


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError({"period_end": "The period must end after it starts."})


@transaction.atomic
def target_set(
    *,
    actor: Any,
    measure: Measure,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
) -> Target:
    """Set the target for a period (a second target for the same period replaces it)."""
    _check_period(period_start, period_end)
    target = measure.targets.filter(period_start=period_start, period_end=period_end).first()
    if target is not None:
        audited_update(actor=actor, instance=target, fields={"value": value})
        return target
    return audited_create(
        actor=actor,
        instance=Target(
            measure=measure, period_start=period_start, period_end=period_end, value=value
        ),
    )


@transaction.atomic
def value_enter(
    *,
    actor: Any,
    measure: Measure,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
) -> EnteredValue:
    """Enter a value by hand: who entered it, their source and note are kept with it."""
    _check_period(period_start, period_end)
    if not source.strip():
        raise ValidationError({"source": "Say where the figure comes from."})
    return audited_create(
        actor=actor,
        instance=EnteredValue(
            measure=measure,
            period_start=period_start,
            period_end=period_end,
            value=value,
            source=source,
            note=note,
            entered_by=actor,
        ),
    )
