"""A report for one funder: the annual report's figures for the chosen period and indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chorus.accounts.roles import Role
from chorus.funders import services
from chorus.funders.models import Fund, Source
from chorus.impact.indicators import Period, get_indicator
from chorus.media.models import Campaign
from tests.factories import OrganisationFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def test_the_funder_report_shows_the_registry_figures_and_what_restricted_money_paid_for(
    users, client_for
):
    director = users[Role.DIRECTOR]
    grant = services.grant_create(
        actor=director,
        identifier="360G-curlew-1",
        title="Safe routes messages",
        funder=OrganisationFactory(name="Curlew Bank Trust"),
        amount=Decimal(18000),
        award_date=datetime.date(2022, 6, 1),
        planned_start=datetime.date(2022, 7, 1),
        planned_end=datetime.date(2023, 6, 30),
        fund=Fund.RESTRICTED,
    )
    campaign = Campaign.objects.create(name="Safe routes", starts_on=datetime.date(2022, 11, 1))
    services.purpose_add(
        actor=director, grant=grant, choice=f"media.campaigns:{campaign.pk}", amount=Decimal(6000)
    )
    services.income_create(
        actor=director,
        received_on=datetime.date(2022, 7, 10),
        amount=Decimal(9000),
        source=Source.GRANT,
        fund=Fund.RESTRICTED,
        grant=grant,
    )
    for day in (1, 2, 3):
        PlacementFactory(published_on=datetime.date(2022, 9, day))
    expected = get_indicator("media.placements").compute(Period.financial_year(2022)).display

    response = client_for(Role.DIRECTOR).get(
        f"/funders/grants/{grant.pk}/report/",
        {"start": "2022-07-01", "end": "2023-06-30", "indicators": ["media.placements"]},
    )
    page = response.content.decode()
    assert "What their restricted money paid for" in page
    assert "Safe routes" in page and "6,000" in page
    assert "9,000.00 received in the period" in page
    assert expected == "3" and '<td class="num">3' in page
    assert client_for(Role.READ_ONLY).get(f"/funders/grants/{grant.pk}/report/").status_code == 403
