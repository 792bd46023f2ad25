"""Funders' figures, registered with impact's indicator registry (FundersConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.urls import reverse

from chorus.funders import selectors
from chorus.funders.models import IncomeEntry
from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.impact.indicators import round_half_up as _round


def _first_income_on() -> datetime.date | None:
    return IncomeEntry.objects.aggregate(first=Min("received_on"))["first"]


register_area(code="funders", title="Funders and income", first_record_on=_first_income_on)


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
