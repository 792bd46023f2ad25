"""Which backups to keep: the newest of each of the last N days, weeks and months.

A grandfather-father-son rotation: with 7 daily, 4 weekly and 12 monthly copies, the
newest backup of each of the 7 most recent days that have one is kept, the newest of
each of the 4 most recent ISO weeks, and the newest of each of the 12 most recent
months. One backup can count for all three. Everything else has expired.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable


def _newest_per_period(
    made: dict[str, datetime.datetime], period: Callable[[datetime.datetime], Hashable], n: int
) -> set[str]:
    kept: set[str] = set()
    seen: list[Hashable] = []
    for name, when in sorted(made.items(), key=lambda item: item[1], reverse=True):
        key = period(when)
        if key in seen:
            continue
        if len(seen) >= n:
            break
        seen.append(key)
        kept.add(name)
    return kept


def backups_to_keep(
    made: dict[str, datetime.datetime], *, daily: int, weekly: int, monthly: int
) -> set[str]:
    """The names of the backups to keep, from each backup's name and when it was made."""
    return (
        _newest_per_period(made, lambda when: when.date(), daily)
        | _newest_per_period(made, lambda when: when.isocalendar()[:2], weekly)
        | _newest_per_period(made, lambda when: (when.year, when.month), monthly)
    )


def backups_expired(
    made: dict[str, datetime.datetime], *, daily: int, weekly: int, monthly: int
) -> list[str]:
    keep = backups_to_keep(made, daily=daily, weekly=weekly, monthly=monthly)
    return sorted(name for name in made if name not in keep)


def newest(made: Iterable[tuple[str, datetime.datetime]]) -> str | None:
    ordered = sorted(made, key=lambda item: item[1])
    return ordered[-1][0] if ordered else None
