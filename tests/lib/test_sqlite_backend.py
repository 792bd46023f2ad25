"""Chorus's SQLite backend: a transaction waits for the write lock, then writes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import ConnectionHandler


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "chorus.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE note (text TEXT)")
    return path


@pytest.fixture
def chorus_connection(database: Path, django_db_blocker) -> Iterator[Callable]:
    """Connections to a database file of this test's own, not the test database."""
    opened: list[BaseDatabaseWrapper] = []

    def connect(timeout: float) -> BaseDatabaseWrapper:
        handler = ConnectionHandler(
            {
                "default": {
                    "ENGINE": "chorus.lib.sqlite",
                    "NAME": str(database),
                    "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
                }
            }
        )
        wrapper = handler["default"]
        opened.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():
        yield connect
        for wrapper in opened:
            wrapper.close()


def _write(wrapper: BaseDatabaseWrapper, text: str) -> None:
    """One transaction, started as `transaction.atomic` starts it."""
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO note (text) VALUES (%s)", [text])
        wrapper.commit()
    finally:
        wrapper.set_autocommit(True)


def _hold_write_lock(database: Path) -> sqlite3.Connection:
    """Another process's writer, in the middle of a transaction."""
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO note (text) VALUES ('first')")
    return other


def _notes(database: Path) -> list[str]:
    with sqlite3.connect(database) as reader:
        return [row[0] for row in reader.execute("SELECT text FROM note ORDER BY rowid")]


def test_a_writer_waits_for_the_one_ahead_and_then_writes(database, chorus_connection):
    other = _hold_write_lock(database)
    threading.Timer(0.3, other.execute, args=["COMMIT"]).start()
    wrapper = chorus_connection(timeout=10)

    _write(wrapper, "second")

    assert _notes(database) == ["first", "second"]
    # Other statements keep SQLite's own busy timeout (in milliseconds).
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 10_000
    other.close()


def test_a_writer_gives_up_after_the_timeout_and_writes_nothing(database, chorus_connection):
    other = _hold_write_lock(database)
    wrapper = chorus_connection(timeout=0.2)
    try:
        with pytest.raises(OperationalError, match="locked"):
            _write(wrapper, "second")
    finally:
        other.execute("COMMIT")
        other.close()
    assert _notes(database) == ["first"]
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 200
    # Once the lock is free, the same connection writes.
    _write(wrapper, "third")
    assert _notes(database) == ["first", "third"]
