"""Reads of funders: grants, duties due, income by year, fund and source, progress to targets."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from chorus.funders.models import (
    Duty,
    EnteredValue,
    Fund,
    Grant,
    IncomeEntry,
    Measure,
    Source,
    Strategy,
)
from chorus.impact.indicators import Result, compute_all, get_indicator
from chorus.impact.periods import Period

DUE_WITHIN_DAYS = 60


def grants() -> QuerySet[Grant]:
    return Grant.objects.select_related("funder").order_by("funder__name", "-award_date")


def duties_due(on: datetime.date, within: int = DUE_WITHIN_DAYS) -> QuerySet[Duty]:
    """Duties not yet submitted that fall due by `within` days from `on` (overdue ones too)."""
    return (
        Duty.objects.filter(submitted_on__isnull=True, due_on__lte=on + datetime.timedelta(within))
        .exclude(status=Duty.Status.DONE)
        .select_related("grant", "grant__funder")
        .order_by("due_on", "pk")
    )


def income_in(period: Period) -> QuerySet[IncomeEntry]:
    return IncomeEntry.objects.filter(received_on__range=(period.start, period.end))


def income_total(period: Period) -> Decimal:
    total = income_in(period).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@dataclass
class YearIncome:
    """One financial year's income: by source, by fund, and in total."""

    period: Period
    by_source: dict[str, Decimal] = field(default_factory=dict)
    by_fund: dict[str, Decimal] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.period.start.year}/{str(self.period.end.year)[-2:]}"

    @property
    def total(self) -> Decimal:
        return sum(self.by_source.values(), Decimal(0))

    @property
    def source_rows(self) -> list[tuple[str, Decimal]]:
        return [(label, self.by_source.get(value, Decimal(0))) for value, label in Source.choices]

    @property
    def fund_rows(self) -> list[tuple[str, Decimal]]:
        return [(label, self.by_fund.get(value, Decimal(0))) for value, label in Fund.choices]


def income_by_year() -> list[YearIncome]:
    """Every financial year with income, oldest first (one query)."""
    years: dict[Period, YearIncome] = {}
    sums: dict[tuple[datetime.date, str, str], Decimal] = defaultdict(Decimal)
    for day, source, fund, amount in IncomeEntry.objects.values_list(
        "received_on", "source", "fund", "amount"
    ):
        sums[(day, source, fund)] += amount
    for (day, source, fund), amount in sums.items():
        period = Period.financial_year_containing(day)
        year = years.setdefault(period, YearIncome(period))
        year.by_source[source] = year.by_source.get(source, Decimal(0)) + amount
        year.by_fund[fund] = year.by_fund.get(fund, Decimal(0)) + amount
    return [years[p] for p in sorted(years)]


# --- A report for one funder ----------------------------------------------------------------


@dataclass
class FunderReport:
    grant: Grant
    period: Period
    results: list[Result]
    received: Decimal
    purposes: list[Any]
    duties: list[Duty]

    @property
    def restricted(self) -> bool:
        return self.grant.fund == Fund.RESTRICTED


def funder_report(grant: Grant, period: Period, codes: list[str]) -> FunderReport:
    """The figures the funder cares about, as the annual report computes them, and the money."""
    known = [code for code in codes if _registered(code)]
    results = list(compute_all(period, known).values()) if known else []
    received = grant.income.filter(received_on__range=(period.start, period.end)).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    return FunderReport(
        grant=grant,
        period=period,
        results=results,
        received=received,
        purposes=list(grant.purposes.all()),
        duties=list(grant.duties.all()),
    )


def _registered(code: str) -> bool:
    try:
        get_indicator(code)
    except KeyError:
        return False
    return True


# --- Outcomes and targets -------------------------------------------------------------------


def numeric(result: Result) -> Decimal | None:
    """An indicator's value as a number to compare with a target (a share as its percent)."""
    if result.indicator.kind == "share":
        return Decimal(result.percent) if result.percent is not None else None
    if result.indicator.kind == "breakdown" or result.value is None:
        return None
    if isinstance(result.value, int | float | Decimal):
        return Decimal(str(result.value))
    return None


@dataclass
class Progress:
    """A target for a period, the value calculated from records and any entered by hand."""

    measure: Measure
    period: Period
    target: Decimal
    calculated: Decimal | None
    entered: EnteredValue | None

    @property
    def value(self) -> Decimal | None:
        """The value reported: the one entered by hand if any, else the calculated one."""
        return self.entered.value if self.entered is not None else self.calculated

    @property
    def hand_entered(self) -> bool:
        return self.entered is not None

    @property
    def difference(self) -> Decimal | None:
        """How far the hand-entered value is from the one calculated from records."""
        if self.entered is None or self.calculated is None:
            return None
        return self.entered.value - self.calculated

    @property
    def percent(self) -> int | None:
        """How far from the baseline towards the target, as a whole percentage."""
        value, baseline = self.value, self.measure.baseline
        if value is None or self.target == baseline:
            return None
        return round((value - baseline) * 100 / (self.target - baseline))


def progress_for(measure: Measure) -> list[Progress]:
    indicator = get_indicator(measure.indicator_code)
    entered: dict[tuple[datetime.date, datetime.date], EnteredValue] = {}
    for value in measure.entered_values.select_related("entered_by"):
        # Newest first: the first one seen for a period is the one in force.
        entered.setdefault((value.period_start, value.period_end), value)
    rows = []
    for target in measure.targets.all():
        period = Period(target.period_start, target.period_end)
        rows.append(
            Progress(
                measure=measure,
                period=period,
                target=target.value,
                calculated=numeric(indicator.compute(period)),
                entered=entered.get((target.period_start, target.period_end)),
            )
        )
    return rows


def strategies() -> QuerySet[Strategy]:
    return Strategy.objects.prefetch_related("outcomes__measures")
