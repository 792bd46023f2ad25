from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from tests.factories import OutletFactory, PlacementFactory, segment

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR_2022 = {"date_from": "2022-07-01", "date_to": "2023-06-30"}


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC), tick=False
    )


def test_it_shows_the_figures_and_charts_to_a_coordinator(client_for, year_2022):
    response = client_for(Role.COORDINATOR).get(reverse("impact:dashboard"), YEAR_2022)
    assert response.status_code == 200
    html = response.content.decode()
    assert "July 2022 – June 2023" in html
    assert 'href="/media/placements/?from=2022-07-01&amp;to=2023-06-30">3</a>' in html
    assert "67%" in html and "2 of 3 stories" in html
    assert "lived_experience=yes" in html and "segment=mixed-middle" in html
    assert "About 1 every 122 days" in html
    assert html.count('role="img"') == 2
    assert "<title>September 2022: 1 placement</title>" in html
    # The same numbers as tables, for people who cannot see the charts.
    assert '<th scope="row">First-person piece</th>' in html
    assert '<th scope="row">Hostile-leaning</th>' in html


def test_it_keeps_to_the_strict_csp(client_for, year_2022):
    html = client_for(Role.COORDINATOR).get(reverse("impact:dashboard"), YEAR_2022).content.decode()
    assert "style=" not in html
    assert "<script>" not in html


def test_it_defaults_to_the_current_financial_year(client_for, outlets):
    PlacementFactory(published_on=D(2024, 8, 1), outlet=outlets["mixed"])
    PlacementFactory(published_on=D(2024, 6, 30), outlet=outlets["mixed"])  # the year before
    with _at(D(2025, 2, 10)):
        html = client_for(Role.COORDINATOR).get(reverse("impact:dashboard")).content.decode()
    assert "Dashboard: July 2024 – June 2025" in html
    assert 'name="date_from" value="2024-07-01"' in html
    assert 'name="date_to" value="2025-06-30"' in html
    assert 'href="/media/placements/?from=2024-07-01&amp;to=2025-06-30">1</a>' in html


def test_it_offers_every_financial_year_since_the_first_placement(client_for, outlets):
    PlacementFactory(published_on=D(2021, 9, 1), outlet=outlets["mixed"])
    with _at(D(2024, 7, 2)):
        html = client_for(Role.COORDINATOR).get(reverse("impact:dashboard")).content.decode()
    assert "data-period-presets" in html
    for value in ("2021-07-01..2022-06-30", "2022-07-01..2023-06-30", "2023-07-01..2024-06-30"):
        assert f'value="{value}"' in html
    assert 'value="2024-07-01..2025-06-30" selected' in html
    assert 'value="2020-07-01..2021-06-30"' not in html


def test_it_explains_a_period_that_ends_before_it_starts(client_for, year_2022):
    response = client_for(Role.COORDINATOR).get(
        reverse("impact:dashboard"), {"date_from": "2023-06-30", "date_to": "2022-07-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The period starts after it ends" in html
    assert "Choose a start date on or before the end date." in html
    assert 'role="img"' not in html


def test_it_explains_a_date_it_cannot_read(client_for):
    response = client_for(Role.COORDINATOR).get(
        reverse("impact:dashboard"), {"date_from": "2022-13-01", "date_to": ""}
    )
    html = response.content.decode()
    assert "Enter the first day as a date" in html
    assert "Enter the last day of the period." in html


def test_it_shows_an_empty_state_when_nothing_was_placed(client_for, year_2022):
    html = (
        client_for(Role.COORDINATOR)
        .get(reverse("impact:dashboard"), {"date_from": "2030-07-01", "date_to": "2031-06-30"})
        .content.decode()
    )
    assert "No placements were recorded in July 2030 – June 2031." in html
    assert 'role="img"' not in html


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR])
def test_it_lets_every_staff_role_see_the_dashboard(client_for, role):
    assert client_for(role).get(reverse("impact:dashboard")).status_code == 200


def test_it_answers_in_the_same_few_queries_however_many_placements(
    client_for, outlets, django_assert_max_num_queries
):
    client = client_for(Role.COORDINATOR)
    client.get(reverse("impact:dashboard"), YEAR_2022)  # settle the session first

    def add(n: int) -> None:
        for i in range(n):
            outlet = (
                OutletFactory(segment=segment("specialist")) if i % 10 == 0 else outlets["mixed"]
            )
            PlacementFactory(
                published_on=D(2022, 7, 1) + datetime.timedelta(days=i % 365),
                outlet=outlet,
                format=["interview", "feature", "first_person"][i % 3],
                outside_voice=i % 2 == 0,
            )

    add(5)
    with django_assert_max_num_queries(34):  # each area's figures and its nav entry
        assert client.get(reverse("impact:dashboard"), YEAR_2022).status_code == 200
    add(120)
    with django_assert_max_num_queries(34):  # each area's figures and its nav entry
        response = client.get(reverse("impact:dashboard"), YEAR_2022)
    assert 'to=2023-06-30">125</a>' in response.content.decode()
