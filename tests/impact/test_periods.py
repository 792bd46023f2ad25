from __future__ import annotations

import datetime

import pytest

from chorus.impact.indicators import Period

D = datetime.date


def test_it_finds_the_financial_year_containing_a_day():
    assert Period.financial_year_containing(D(2023, 6, 30)) == Period(D(2022, 7, 1), D(2023, 6, 30))
    assert Period.financial_year_containing(D(2023, 7, 1)) == Period(D(2023, 7, 1), D(2024, 6, 30))
    assert Period.financial_year_containing(D(2024, 1, 15)) == Period.financial_year(2023)


def test_it_follows_the_configured_start_month(settings):
    settings.CHORUS_FINANCIAL_YEAR_START_MONTH = 4
    year = Period.financial_year_containing(D(2024, 3, 31))
    assert year == Period(D(2023, 4, 1), D(2024, 3, 31))
    assert year.label == "April 2023 – March 2024"


def test_it_labels_periods_in_words():
    assert Period.financial_year(2022).label == "July 2022 – June 2023"
    assert Period.financial_year(2022).short_label == "2022/23"
    assert Period(D(2023, 3, 1), D(2023, 3, 31)).label == "March 2023"
    assert Period(D(2023, 3, 3), D(2023, 4, 9)).label == "3 March 2023 – 9 April 2023"
    assert Period(D(2023, 3, 3), D(2023, 3, 3)).label == "3 March 2023"


def test_it_counts_both_ends_as_days_of_the_period():
    assert Period.financial_year(2022).days == 365
    assert Period.financial_year(2023).days == 366  # 29 February 2024
    assert Period(D(2023, 1, 1), D(2023, 1, 1)).days == 1
    period = Period(D(2023, 1, 1), D(2023, 1, 31))
    assert D(2023, 1, 31) in period
    assert D(2023, 2, 1) not in period


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        Period(D(2023, 7, 1), D(2023, 6, 30))


def test_it_lists_months_clipped_to_the_period():
    months = Period(D(2023, 1, 15), D(2023, 3, 10)).months()
    assert months == [
        Period(D(2023, 1, 15), D(2023, 1, 31)),
        Period(D(2023, 2, 1), D(2023, 2, 28)),
        Period(D(2023, 3, 1), D(2023, 3, 10)),
    ]
    assert len(Period.financial_year(2022).months()) == 12


def test_it_lists_financial_years_between_two_days():
    years = Period.financial_years_between(D(2021, 9, 1), D(2023, 7, 1))
    assert [year.short_label for year in years] == ["2021/22", "2022/23", "2023/24"]


def test_it_reads_and_writes_the_period_pickers_values():
    period = Period.parse("2022-07-01..2023-06-30")
    assert period == Period.financial_year(2022)
    assert period.value == "2022-07-01..2023-06-30"
    with pytest.raises(ValueError):
        Period.parse("2022-07-01")
