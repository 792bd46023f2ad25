"""Who is delivering a send: each worker's presence, and a shared lock on the send.

Used by the worker (`sending`), by the take-over of a stopped worker's rows
(`recovery`), and by the scheduler and the pages that ask whether a send is being
delivered.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from django.db import connection

from chorus.roundup.delivery.ledger import _LOCK_NAMESPACE, _WORKER_NAMESPACE, LOCK_WAIT_SECONDS

logger = logging.getLogger(__name__)


class TokenTaken(Exception):  # noqa: N818 - the name says what happened
    """Another worker holds this worker's token: its rows were taken over meanwhile."""


# --- Who is delivering -------------------------------------------------------------------
#
# Each worker run draws a token and holds a lock on it for as long as it lives (its
# presence), and a shared lock on the send, so that anyone can tell whether a worker is
# delivering it. The database or the operating system drops both the moment the worker
# dies, however it dies:
#
# - PostgreSQL: session advisory locks. The worker's presence is then its connection: a
#   worker whose connection is cut takes its locks back when it reconnects, and is given
#   time to do so (`recovery_grace`);
# - SQLite in a file: flock on files in a `.locks` folder beside the database;
# - SQLite in memory (one process, the tests): a registry in the process.

_MAX_TOKEN = 2**31 - 1  # the second key of a PostgreSQL advisory lock is a 32-bit integer
_memory_guard = threading.Lock()
_memory_workers: set[int] = set()
_memory_sends: Counter[int] = Counter()


def lock_kind() -> str:
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and not cast(Any, connection).is_in_memory_db():
        return "file"
    return "memory"


def _lock_path(name: str) -> Path:
    database = Path(str(connection.settings_dict["NAME"]))
    folder = database.with_name(database.name + ".locks")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _worker_path(token: int) -> Path:
    return _lock_path(f"roundup-worker-{token}.lock")


def _send_path(send_id: int) -> Path:
    return _lock_path(f"roundup-send-{send_id}.lock")


def _flock(path: Path, flags: int) -> IO[str] | None:
    """The file at `path`, locked with `flags`; None when LOCK_NB is asked and it is held.

    A worker's presence file is deleted by its last holder; a handle opened just before
    that would lock a file no longer in the folder, so the lock is checked and taken again.
    """
    while True:
        handle = path.open("a+")
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            handle.close()
            return None
        try:
            current = path.stat().st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            current = False
        if current:
            return handle
        handle.close()


def _pg_value(sql: str, params: list[Any]) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _pg_lock_held(namespace: int, key: int) -> bool:
    """Does any session hold this advisory lock (shared or not) in this database?"""
    return bool(
        _pg_value(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 2)",
            [namespace, key],
        )
    )


class WorkerLocks:
    """A worker run's token, its presence lock on the token, and its share of the send."""

    def __init__(self, send_id: int) -> None:
        self.send_id = send_id
        self.token = 0
        self.kind = lock_kind()
        self._presence: IO[str] | None = None
        self._share: IO[str] | None = None
        self._shared = False

    def acquire(self) -> bool:
        """Draw a token and take the locks. False if a worker of the version before
        several workers could share a send is delivering it: it holds the send's lock
        alone, and rows it claims name no worker, so it is left to finish."""
        while not self.token:
            token = secrets.randbelow(_MAX_TOKEN) + 1
            if self._take_presence(token):
                self.token = token
        # `is_being_delivered` (on SQLite) holds the send's lock alone for a moment.
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while not self._take_share():
            if time.monotonic() >= deadline:
                self.release()
                return False
            time.sleep(0.05)
        return True

    def restore(self) -> None:
        """Take the locks back on a new database connection (PostgreSQL: the locks of the
        old one died with it). Raises TokenTaken if another worker has taken the token."""
        if self.kind != "postgresql":
            return
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        # A worker taking our rows over holds our token until its transaction ends.
        while not self._take_presence(self.token):
            if time.monotonic() >= deadline:
                raise TokenTaken(self.token)
            time.sleep(0.05)
        self._take_share()

    def release(self) -> None:
        if self.kind == "postgresql":
            try:
                _pg_value("SELECT pg_advisory_unlock(%s, %s)", [_WORKER_NAMESPACE, self.token])
                if self._shared:
                    _pg_value(
                        "SELECT pg_advisory_unlock_shared(%s, %s)", [_LOCK_NAMESPACE, self.send_id]
                    )
            except Exception:  # noqa: BLE001 - a kept connection must not keep the locks
                logger.warning("Send %s: releasing the worker's locks failed", self.send_id)
                connection.close()
        elif self.kind == "file":
            if self._presence is not None:
                with contextlib.suppress(FileNotFoundError):
                    _worker_path(self.token).unlink()
                self._presence.close()  # closing the file drops its lock
            if self._share is not None:
                self._share.close()
        else:
            with _memory_guard:
                _memory_workers.discard(self.token)
                if self._shared:
                    _memory_sends[self.send_id] -= 1
                    if _memory_sends[self.send_id] <= 0:
                        del _memory_sends[self.send_id]
        self._presence = self._share = None
        self._shared = False

    def _take_presence(self, token: int) -> bool:
        if self.kind == "postgresql":
            return bool(
                _pg_value("SELECT pg_try_advisory_lock(%s, %s)", [_WORKER_NAMESPACE, token])
            )
        if self.kind == "file":
            self._presence = _flock(_worker_path(token), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return self._presence is not None
        with _memory_guard:
            if token in _memory_workers:
                return False
            _memory_workers.add(token)
            return True

    def _take_share(self) -> bool:
        if self.kind == "postgresql":
            self._shared = bool(
                _pg_value(
                    "SELECT pg_try_advisory_lock_shared(%s, %s)", [_LOCK_NAMESPACE, self.send_id]
                )
            )
        elif self.kind == "file":
            self._share = _flock(_send_path(self.send_id), fcntl.LOCK_SH | fcntl.LOCK_NB)
            self._shared = self._share is not None
        else:
            with _memory_guard:
                _memory_sends[self.send_id] += 1
            self._shared = True
        return self._shared


def is_being_delivered(send_id: int) -> bool:
    """Is any worker delivering this send right now (does one hold its share of the lock)?"""
    kind = lock_kind()
    if kind == "postgresql":
        return _pg_lock_held(_LOCK_NAMESPACE, send_id)
    if kind == "file":
        probe = _flock(_send_path(send_id), fcntl.LOCK_EX | fcntl.LOCK_NB)
        if probe is None:
            return True
        probe.close()
        return False
    with _memory_guard:
        return _memory_sends[send_id] > 0


@contextlib.contextmanager
def worker_stopped(kind: str, token: int) -> Iterator[bool]:
    """Has the worker with this token stopped? While the answer is in use (inside the
    caller's transaction), that worker cannot take its presence back."""
    if kind == "postgresql":
        # Held until the caller's transaction ends.
        yield bool(
            _pg_value("SELECT pg_try_advisory_xact_lock(%s, %s)", [_WORKER_NAMESPACE, token])
        )
    elif kind == "file":
        path = _worker_path(token)
        handle = _flock(path, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if handle is None:
            yield False
            return
        try:
            yield True
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            handle.close()
    else:
        with _memory_guard:
            alive = token in _memory_workers
        yield not alive
