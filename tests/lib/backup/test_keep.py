"""Which backups the rotation keeps: 7 daily, 4 weekly, 12 monthly by default."""

from __future__ import annotations

import datetime

from chorus.lib.backup.keep import backups_expired, backups_to_keep

UTC = datetime.UTC


def nightly(days: int, end: datetime.datetime) -> dict[str, datetime.datetime]:
    return {f"b{n:04d}": end - datetime.timedelta(days=n) for n in range(days)}


def test_a_year_of_nightly_backups_keeps_days_weeks_and_months():
    end = datetime.datetime(2026, 12, 7, 1, 15, tzinfo=UTC)  # a Monday
    made = nightly(400, end)
    kept = backups_to_keep(made, daily=7, weekly=4, monthly=12)
    kept_days = sorted((made[name] for name in kept), reverse=True)
    # The last 7 nights.
    assert kept_days[:7] == [end - datetime.timedelta(days=n) for n in range(7)]
    # The newest of each of the last 4 ISO weeks: this Monday, then the Sundays before.
    weeks = {made[name].isocalendar()[:2] for name in kept}
    for back in range(4):
        assert (end - datetime.timedelta(weeks=back)).isocalendar()[:2] in weeks
    # The newest of each of the last 12 months: the last day of each month before this one.
    months = {(d.year, d.month) for d in kept_days}
    assert len(months) == 12
    assert datetime.datetime(2025, 12, 31, 1, 15, tzinfo=UTC) not in kept_days
    assert datetime.datetime(2026, 1, 31, 1, 15, tzinfo=UTC) in kept_days
    # Days overlap with weeks and months, so fewer than 7 + 4 + 12 copies are kept.
    assert len(kept) < 23
    assert set(backups_expired(made, daily=7, weekly=4, monthly=12)) == set(made) - kept


def test_two_backups_on_one_day_count_once_and_the_newer_is_kept():
    day = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    made = {"early": day, "late": day + datetime.timedelta(hours=5)}
    assert backups_to_keep(made, daily=7, weekly=0, monthly=0) == {"late"}


def test_nothing_to_keep_from_nothing():
    assert backups_to_keep({}, daily=7, weekly=4, monthly=12) == set()
