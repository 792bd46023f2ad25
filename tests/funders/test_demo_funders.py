"""The demo's funders: invented trusts, an invented 2022/23 income total, duties due soon."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.demo.funders import data
from chorus.funders import selectors
from chorus.funders.models import Fund, Grant, GrantPurpose, IncomeEntry, Source
from chorus.impact.periods import Period

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_s_2022_23_income_adds_up_and_the_director_has_something_due():
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=StringIO())
    out = StringIO()
    call_command("report", "--from", "2022-07-01", "--to", "2023-06-30", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert indicators["funders.income_total"]["value"] == data.INCOME_2022_23

    year = Period.financial_year(2022)
    earned = selectors.income_in(year).filter(source=Source.EARNED)
    # Every paid bespoke fee reached the income through impact's income service.
    assert sum(entry.amount for entry in earned) == data.EARNED_2022_23
    assert all(entry.reference.startswith("training.session:") for entry in earned)
    funds = set(Grant.objects.values_list("fund", flat=True))
    assert {Fund.RESTRICTED, Fund.UNRESTRICTED, Fund.ENDOWMENT} <= funds
    assert GrantPurpose.objects.filter(content_key="media.campaigns").exists()
    assert GrantPurpose.objects.filter(content_key="training.courses").exists()
    # The ambassador cohorts a grant paid for are named through the registry, without members.
    assert set(
        GrantPurpose.objects.filter(content_key="voices.programmes").values_list("title", "detail")
    ) == {
        (
            "International Migrants Day 2022 ambassadors",
            "Ambassador cohort, September 2022 to December 2022",
        ),
        ("Refugee Week 2023 ambassadors", "Ambassador cohort, March 2023 to June 2023"),
    }
    due = list(selectors.duties_due(TODAY))
    assert due and all(d.due_on <= TODAY + datetime.timedelta(days=60) for d in due)
    # Loading again adds nothing.
    before = IncomeEntry.objects.count()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=StringIO())
    assert IncomeEntry.objects.count() == before
