"""When to poll a source again: the usual interval, backing off after failures, and the
server's own Retry-After.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "MAX_BACKOFF_SECONDS",
    "MAX_RETRY_AFTER_SECONDS",
    "next_attempt_delay",
    "retry_after_seconds",
]

MAX_BACKOFF_SECONDS = 24 * 3600.0
"""Failing feeds are retried at least once a day, however long they have been failing."""
MAX_RETRY_AFTER_SECONDS = 7 * 24 * 3600.0
"""A Retry-After beyond a week is read as a week: a typo should not silence a feed for ever."""


def retry_after_seconds(value: str | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now, at most a week."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


def next_attempt_delay(
    consecutive_failures: int, interval_seconds: float, retry_after_seconds: float | None
) -> float:
    """Seconds until a source is polled again.

    The usual interval when all is well; after failures, the interval doubled per
    consecutive failure, up to a day (or the interval, if that is longer); never sooner
    than the server's Retry-After.
    """
    interval = max(float(interval_seconds), 0.0)
    if consecutive_failures <= 0:
        delay = interval
    else:
        backoff = interval * 2.0 ** min(consecutive_failures, 32)
        delay = min(backoff, max(MAX_BACKOFF_SECONDS, interval))
    if retry_after_seconds is not None:
        delay = max(delay, min(retry_after_seconds, MAX_RETRY_AFTER_SECONDS))
    return delay
