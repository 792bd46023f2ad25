"""Django's SQLite backend, with writers that wait their turn without backing off.

SQLite lets one connection write at a time. Chorus starts every transaction with
BEGIN IMMEDIATE (settings: `transaction_mode`), so a transaction takes the write lock
before it reads anything and never fails half-way. A connection that finds the lock
taken waits, up to the busy timeout (settings: `timeout`), through SQLite's default busy
handler, which sleeps 1, 2, 5, 10, 15, 20, 25 … then 100 ms between tries. Under a stream
of short writes from several processes (the one-click unsubscribes that follow a send,
the task worker, the scheduler) that is unfair: a writer that has already waited sleeps
longest and is overtaken by newcomers that try every millisecond, again and again, so a
few writes wait half a second or more while most wait a millisecond
(bench/public_burst.py; bench/README.md has the figures).

Here BEGIN IMMEDIATE alone is retried every millisecond, with SQLite's busy handler off
for it, until the same timeout; every other statement keeps the busy handler. A write
then waits about as long as the writes ahead of it take. Only the start of a
transaction is retried: nothing has run in it yet, so trying again is always safe.
"""

from __future__ import annotations

import sqlite3
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

# Between two tries to take the write lock: short against a write (a few milliseconds),
# long against the cost of a try (a system call on the database's lock bytes).
RETRY_SECONDS = 0.001
_LOCKING_MODES = frozenset({"IMMEDIATE", "EXCLUSIVE"})
# The connection's own default, when the settings name no `timeout` (the sqlite3 module's).
_DEFAULT_TIMEOUT = 5.0


def _is_busy(error: OperationalError) -> bool:
    cause = error.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    return (
        isinstance(cause, sqlite3.OperationalError)
        and code is not None
        and (code & 0xFF == sqlite3.SQLITE_BUSY)
    )


class DatabaseWrapper(base.DatabaseWrapper):
    busy_timeout: float = _DEFAULT_TIMEOUT
    transaction_mode: str | None  # set by Django's get_connection_params (not in the stubs)

    def get_connection_params(self) -> dict[str, object]:
        params: dict[str, object] = super().get_connection_params()
        self.busy_timeout = float(params.get("timeout", _DEFAULT_TIMEOUT))  # type: ignore[arg-type]
        return params

    def _start_transaction_under_autocommit(self) -> None:
        if self.transaction_mode not in _LOCKING_MODES:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        deadline = time.monotonic() + self.busy_timeout
        raw = self.connection
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.cursor().execute(f"BEGIN {self.transaction_mode}")
                    return
                except OperationalError as error:
                    if not _is_busy(error) or time.monotonic() >= deadline:
                        raise
                time.sleep(RETRY_SECONDS)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {round(self.busy_timeout * 1000)}")
