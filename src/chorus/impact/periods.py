"""Reporting periods: a start and an end date, both inclusive.

The charity reports by financial year (July to June unless
CHORUS_FINANCIAL_YEAR_START_MONTH says otherwise); any other span of days works too.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: datetime.date) -> datetime.date:
    return (_month_end(day) + datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True, order=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    # --- Building periods ------------------------------------------------------

    @classmethod
    def financial_year(cls, start_year: int) -> Period:
        """The financial year that starts in `start_year` (2022 → July 2022 – June 2023)."""
        month = settings.CHORUS_FINANCIAL_YEAR_START_MONTH
        start = datetime.date(start_year, month, 1)
        next_start = datetime.date(start_year + 1, month, 1)
        return cls(start, next_start - datetime.timedelta(days=1))

    @classmethod
    def financial_year_containing(cls, day: datetime.date) -> Period:
        month = settings.CHORUS_FINANCIAL_YEAR_START_MONTH
        return cls.financial_year(day.year if day.month >= month else day.year - 1)

    @classmethod
    def financial_years_between(cls, first: datetime.date, last: datetime.date) -> list[Period]:
        """Every financial year from the one containing `first` to the one containing `last`."""
        first_year = cls.financial_year_containing(min(first, last)).start.year
        last_year = cls.financial_year_containing(max(first, last)).start.year
        return [cls.financial_year(year) for year in range(first_year, last_year + 1)]

    @classmethod
    def parse(cls, value: str) -> Period:
        """A period written as "YYYY-MM-DD..YYYY-MM-DD" (the period picker's option values)."""
        start, sep, end = value.partition("..")
        if not sep:
            raise ValueError(f"{value!r} is not a period written as YYYY-MM-DD..YYYY-MM-DD.")
        return cls(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))

    # --- Describing a period ------------------------------------------------------

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_financial_year(self) -> bool:
        return self == Period.financial_year_containing(self.start)

    @property
    def covers_whole_months(self) -> bool:
        return self.start.day == 1 and self.end == _month_end(self.end)

    @property
    def label(self) -> str:
        """In words: "July 2022 – June 2023", "March 2023", or "3 March 2023 – 9 April 2023"."""
        if self.covers_whole_months:
            first, last = f"{self.start:%B %Y}", f"{self.end:%B %Y}"
            return first if first == last else f"{first} – {last}"
        if self.start == self.end:
            return _day_label(self.start)
        return f"{_day_label(self.start)} – {_day_label(self.end)}"

    @property
    def short_label(self) -> str:
        """ "2022/23" for a financial year, otherwise the full label."""
        if self.is_financial_year and self.start.year + 1 == self.end.year:
            return f"{self.start.year}/{self.end.year % 100:02d}"
        return self.label

    @property
    def value(self) -> str:
        """ "2022-07-01..2023-06-30": how the period picker writes a period."""
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end

    def months(self) -> list[Period]:
        """Each calendar month the period touches, clipped to the period."""
        months: list[Period] = []
        month = _month_start(self.start)
        while month <= self.end:
            months.append(Period(max(month, self.start), min(_month_end(month), self.end)))
            month = _next_month(month)
        return months


def _day_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
