"""Funders' figures, registered with impact's indicator registry (FundersConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Min, QuerySet
from django.urls import reverse

from chorus.funders import selectors
from chorus.funders.models import Grant, IncomeEntry
from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.impact.indicators import round_half_up as _round


def _first_income_on() -> datetime.date | None:
    return IncomeEntry.objects.aggregate(first=Min("received_on"))["first"]


# Income and grants are the director's and the board's: other roles' dashboards leave
# them out (the published annual report shows them to all).
register_area(
    code="funders",
    title="Funders and income",
    first_record_on=_first_income_on,
    access="income",
)


@indicator(
    code="funders.income_total",
    title="Income",
    definition="""All income received in the period, in pounds: grants (restricted,
        unrestricted and endowment alike), donations and earned income such as fees for
        bespoke training, rounded to the nearest pound. The total the charity's
        accounts report; how it splits by fund and source is on the income page.""",
    version=1,
    counts_people=False,
    unit="£",
    kind="count",
)
def _income_total(ind: Indicator, period: Period) -> Result:
    entries = selectors.income_in(period)
    total = selectors.income_total(period)
    return Result(
        ind,
        period,
        value=int(_round(total, 0)),
        records_url=reverse("funders:income_summary") + f"?year={period.start.year}",
        records=lambda: entries,
    )


def _grants_running(period: Period) -> QuerySet[Grant]:
    return Grant.objects.filter(planned_start__lte=period.end, planned_end__gte=period.start)


@indicator(
    code="funders.grants",
    title="Grants",
    definition="""Grants whose planned period overlaps the report's period, whatever
        their fund (restricted, unrestricted or endowment): the grants the year's work
        ran on, counted once each.""",
    version=1,
    counts_people=False,
    unit="grants",
    kind="count",
)
def _grants(ind: Indicator, period: Period) -> Result:
    grants = _grants_running(period)
    return Result(
        ind,
        period,
        value=grants.count(),
        records_url=reverse("funders:grant_list"),
        records=lambda: grants,
    )


@indicator(
    code="funders.funders",
    title="Funders",
    definition="""The organisations funding the grants counted in "Grants": each
        funder once, however many grants it made.""",
    version=1,
    counts_people=False,
    unit="funders",
    kind="count",
)
def _funders(ind: Indicator, period: Period) -> Result:
    grants = _grants_running(period)
    return Result(
        ind,
        period,
        value=grants.values("funder").distinct().count(),
        records_url=reverse("funders:grant_list"),
        records=lambda: grants,
    )
