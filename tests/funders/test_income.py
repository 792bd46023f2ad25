"""Income by financial year, fund and source; training's paid fees reach it through impact."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.funders import selectors, services
from chorus.funders.models import Fund, Grant, IncomeEntry, Source
from chorus.impact.indicators import Period, get_indicator
from chorus.training import services as training
from chorus.training.models import Course, CourseKind
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _grant(actor, fund: str = Fund.RESTRICTED) -> Grant:
    return services.grant_create(
        actor=actor,
        identifier=f"360G-{fund}",
        title="Regional days",
        funder=OrganisationFactory(name="Brackenfold Trust"),
        amount=Decimal(20000),
        award_date=datetime.date(2022, 6, 1),
        planned_start=datetime.date(2022, 7, 1),
        planned_end=datetime.date(2023, 6, 30),
        fund=fund,
    )


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, 14, tzinfo=timezone.get_current_timezone()
    )


def test_a_paid_bespoke_fee_is_earned_income_once_and_unpaid_removes_it(users):
    coordinator = users[Role.COORDINATOR]
    course = Course.objects.create(title="Bespoke", kind=CourseKind.BESPOKE)
    start = _at(datetime.date(2022, 10, 4))
    session = training.session_create(
        actor=coordinator,
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        client=OrganisationFactory(name="Wrenfield Refugee Forum"),
        fee=Decimal(450),
        fee_paid=False,
    )
    assert not IncomeEntry.objects.exists()
    training.session_update(actor=coordinator, session=session, fee_paid=True)
    training.session_update(actor=coordinator, session=session, fee=Decimal(600))
    [entry] = IncomeEntry.objects.all()
    assert (entry.source, entry.fund, entry.amount) == (Source.EARNED, Fund.UNRESTRICTED, 600)
    assert entry.received_on == datetime.date(2022, 10, 4)
    assert "Wrenfield Refugee Forum" in entry.description
    training.session_update(actor=coordinator, session=session, fee_paid=False)
    assert not IncomeEntry.objects.exists()


def test_fees_paid_before_income_was_kept_are_recorded_once_by_the_upgrade_command(users):
    from django.core.management import call_command

    course = Course.objects.create(title="Bespoke", kind=CourseKind.BESPOKE)
    start = _at(datetime.date(2022, 11, 8))
    fees = []
    for fee, paid in ((Decimal(450), True), (Decimal(300), False), (Decimal(275), True)):
        fees.append(
            training.session_create(
                actor=users[Role.COORDINATOR],
                course=course,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                client=OrganisationFactory(),
                fee=fee,
                fee_paid=paid,
            )
        )
    IncomeEntry.objects.all().delete()  # as on an install from before income was kept
    out = io.StringIO()
    call_command("training_fees_income", stdout=out)
    call_command("training_fees_income", stdout=out)
    assert set(IncomeEntry.objects.values_list("reference", "amount")) == {
        (f"training.session:{fees[0].pk}", Decimal(450)),
        (f"training.session:{fees[2].pk}", Decimal(275)),
    }
    assert out.getvalue().splitlines() == ["2 paid bespoke fees recorded as earned income."] * 2


def test_income_is_summed_by_financial_year_source_and_fund(users):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    services.income_create(
        actor=director,
        received_on=datetime.date(2022, 7, 15),
        amount=Decimal(10000),
        source=Source.GRANT,
        fund=Fund.RESTRICTED,
        grant=grant,
    )
    services.income_create(
        actor=director,
        received_on=datetime.date(2023, 6, 30),
        amount=Decimal("250.50"),
        source=Source.DONATION,
        fund=Fund.UNRESTRICTED,
    )
    services.income_create(
        actor=director,
        received_on=datetime.date(2023, 7, 1),
        amount=Decimal(99),
        source=Source.DONATION,
        fund=Fund.UNRESTRICTED,
    )
    first, second = selectors.income_by_year()
    assert first.label == "2022/23" and first.total == Decimal("10250.50")
    assert dict(first.source_rows)["Grants"] == 10000
    assert dict(first.fund_rows) == {
        "Restricted": 10000,
        "Unrestricted": Decimal("250.50"),
        "Endowment": 0,
    }
    assert second.label == "2023/24" and second.total == 99
    result = get_indicator("funders.income_total").compute(Period.financial_year(2022))
    assert result.value == 10251
    assert set(result.record_ids) == set(
        IncomeEntry.objects.filter(received_on__lt=datetime.date(2023, 7, 1)).values_list(
            "pk", flat=True
        )
    )


def test_grant_income_stays_in_the_grants_own_fund(users):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    with pytest.raises(ValidationError):
        services.income_create(
            actor=director,
            received_on=datetime.date(2022, 8, 1),
            amount=Decimal(5),
            source=Source.GRANT,
            fund=Fund.UNRESTRICTED,
            grant=grant,
        )


def test_the_board_sees_income_totals_but_no_funders_grant(users, client_for):
    director = users[Role.DIRECTOR]
    grant = _grant(director)
    services.income_create(
        actor=director,
        received_on=datetime.date(2022, 7, 15),
        amount=Decimal(10000),
        source=Source.GRANT,
        fund=Fund.RESTRICTED,
        grant=grant,
    )
    board = client_for(Role.READ_ONLY).get("/funders/income/?year=2022").content.decode()
    assert "2022/23" in board and "10,000" in board and "<svg" in board
    assert "Brackenfold Trust" not in board and "Regional days" not in board
    director_page = client_for(Role.DIRECTOR).get("/funders/income/?year=2022").content.decode()
    assert "Brackenfold Trust" in director_page
    assert client_for(Role.VOLUNTEER).get("/funders/income/").status_code == 403
    assert client_for(Role.MEDIA_OFFICER).get("/funders/income/").status_code == 403


def test_the_dashboard_shows_income_only_to_roles_that_may_see_it(users, client_for):
    director = users[Role.DIRECTOR]
    services.income_create(
        actor=director,
        received_on=datetime.date(2022, 9, 1),
        amount=Decimal(12345),
        source=Source.DONATION,
        fund=Fund.UNRESTRICTED,
    )
    year = {"date_from": "2022-07-01", "date_to": "2023-06-30"}
    for role in (Role.DIRECTOR, Role.READ_ONLY, Role.ADMIN):
        page = client_for(role).get(reverse("impact:media_dashboard"), year).content.decode()
        assert "12,345" in page, role
    for role in (Role.VOLUNTEER, Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER):
        page = client_for(role).get(reverse("impact:media_dashboard"), year).content.decode()
        assert "Funders and income" not in page and "12,345" not in page, role
