"""Load the demo's funders: invented trusts, their grants, income, duties and the strategy.

Called by `chorus.demo.loader.load` inside its transaction, after training (whose paid
bespoke fees reach the income through impact's income service) and media (whose
campaigns a grant paid for). Through the services, so every record has its audit row.
Idempotent: a grant found by its identifier is left as it is.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from chorus.accounts.models import User
from chorus.demo.funders import data
from chorus.funders import services
from chorus.funders.models import Grant, IncomeEntry, Measure, Source, Strategy
from chorus.impact.periods import Period
from chorus.people.models import Organisation, OrganisationKind
from chorus.people.services import organisation_create

if TYPE_CHECKING:
    from chorus.demo.summary import Summary


def _funder(name: str) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    return found or organisation_create(actor=None, name=name, kind=OrganisationKind.FUNDER)


def _grant(spec: data.GrantSpec, *, actor: User, today: datetime.date) -> bool:
    if Grant.objects.filter(identifier=spec.identifier).exists():
        return False
    grant = services.grant_create(
        actor=actor,
        identifier=spec.identifier,
        funder=_funder(spec.funder),
        title=spec.title,
        programme=spec.programme,
        amount=spec.amount,
        award_date=spec.award_date,
        planned_start=spec.planned_start,
        planned_end=spec.planned_end,
        fund=spec.fund,
        description=spec.description,
    )
    for received_on, amount in spec.instalments:
        services.income_create(
            actor=actor,
            received_on=received_on,
            amount=amount,
            source=Source.GRANT,
            fund=spec.fund,
            grant=grant,
            description=f"Instalment of {spec.identifier}",
        )
    for duty in spec.duties:
        due_on = duty.due_on or today + datetime.timedelta(days=duty.due_in_days or 0)
        services.duty_create(
            actor=actor,
            grant=grant,
            title=duty.title,
            kind=duty.kind,
            due_on=due_on,
            submitted_on=duty.submitted_on,
            status="done" if duty.submitted_on else "planned",
            learning_note=duty.learning_note,
        )
    offered = services.purpose_choices(grant)  # ("media.campaigns:3", "Campaigns: Safe routes")
    for section_key, title, spent in spec.purposes:
        choice = next(
            (
                value
                for value, label in offered
                if value.startswith(f"{section_key}:") and label.endswith(f": {title}")
            ),
            None,
        )
        if choice is not None:
            services.purpose_add(actor=actor, grant=grant, choice=choice, amount=spent)
    return True


def _donations(actor: User) -> int:
    added = 0
    for received_on, amount, description in data.DONATIONS:
        if IncomeEntry.objects.filter(
            source=Source.DONATION, received_on=received_on, description=description
        ).exists():
            continue
        services.income_create(
            actor=actor,
            received_on=received_on,
            amount=amount,
            source=Source.DONATION,
            fund="unrestricted",
            description=description,
        )
        added += 1
    return added


def _strategy(actor: User) -> bool:
    title, starts_on, ends_on = data.STRATEGY
    if Strategy.objects.filter(title=title).exists():
        return False
    strategy = services.strategy_create(
        actor=actor, title=title, starts_on=starts_on, ends_on=ends_on
    )
    year = Period.financial_year(2022)
    for outcome_title, measures in data.OUTCOMES:
        outcome = services.outcome_create(actor=actor, strategy=strategy, title=outcome_title)
        for code, baseline, label, target in measures:
            measure = services.measure_create(
                actor=actor,
                outcome=outcome,
                indicator_code=code,
                baseline=baseline,
                baseline_label=label,
            )
            services.target_set(
                actor=actor,
                measure=measure,
                period_start=year.start,
                period_end=year.end,
                value=target,
            )
    for code, value, source, note in data.ENTERED:
        measure = Measure.objects.get(outcome__strategy=strategy, indicator_code=code)
        services.value_enter(
            actor=actor,
            measure=measure,
            period_start=year.start,
            period_end=year.end,
            value=value,
            source=source,
            note=note,
        )
    return True


def load_funders(*, today: datetime.date, users: dict[str, User], summary: Summary) -> None:
    director = users["director"]
    for spec in data.GRANTS:
        summary.add("grants", _grant(spec, actor=director, today=today))
    added = _donations(director)
    summary.add("donations", True, added)
    summary.add("donations", False, len(data.DONATIONS) - added)
    summary.add("strategies", _strategy(director))
