"""Copying the database out and back in: SQLite's online backup API, pg_dump and pg_restore.

A copy is consistent while Chorus runs. SQLite's backup API copies the database as one
read transaction (WAL lets writers carry on meanwhile). On PostgreSQL a REPEATABLE READ
transaction exports its snapshot, `pg_dump -Fc --snapshot` dumps exactly that snapshot,
and the manifest's row counts and field keys are read in the same transaction, so the
manifest describes the dump to the row.

The PostgreSQL tools are given the connection through PG* environment variables, so a
password never shows in the process list.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo
from django.db import connection

from chorus.ops import inventory


class BackupError(Exception):
    """Backing up, verifying or restoring failed; the message says why, plainly."""


@dataclass(frozen=True)
class Snapshot:
    """One consistent copy of the database, written to `path`, and what it holds."""

    path: Path
    tables: dict[str, int]
    migrations: list[list[str]]
    field_keys: dict[str, int]


def vendor() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def database_file_name(engine: str) -> str:
    return "database.sqlite3" if engine == "sqlite" else "database.pgdump"


# --- SQLite ------------------------------------------------------------------------


def sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _sqlite_snapshot(into: Path) -> Snapshot:
    connection.ensure_connection()
    live = connection.connection
    with closing(sqlite3.connect(into)) as copy:
        # One step: a single read transaction, and writers carry on meanwhile (WAL).
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # the copy is one file
        return Snapshot(
            path=into,
            tables=inventory.row_counts(copy, "sqlite"),
            migrations=inventory.migrations(copy),
            field_keys=inventory.field_keys_used(copy),
        )


@contextmanager
def sqlite_open(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        yield db


def sqlite_install(staged: Path, target: Path) -> None:
    """Put a restored database file in place (in the same folder: one rename)."""
    connection.close()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(staged, target)


# --- PostgreSQL --------------------------------------------------------------------


def _pg_settings(dbname: str | None = None) -> dict[str, str]:
    db = connection.settings_dict
    params = {
        "host": str(db.get("HOST") or ""),
        "port": str(db.get("PORT") or ""),
        "user": str(db.get("USER") or ""),
        "password": str(db.get("PASSWORD") or ""),
        "dbname": dbname or str(db["NAME"]),
    }
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        params["sslmode"] = str(sslmode)
    return {k: v for k, v in params.items() if v}


def pg_connect(dbname: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
    conninfo = psycopg.conninfo.make_conninfo(**_pg_settings(dbname))
    return psycopg.connect(conninfo, **kwargs)


def _pg_env(dbname: str | None = None) -> dict[str, str]:
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"dbname": "PGDATABASE", "sslmode": "PGSSLMODE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: v for k, v in _pg_settings(dbname).items()})
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: backups of a PostgreSQL database need it "
            "(Debian: apt-get install postgresql-client)."
        )
    return found


def _run(args: list[str], dbname: str | None = None) -> None:
    result = subprocess.run(  # noqa: S603  (our own arguments, no shell)
        args, env=_pg_env(dbname), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise BackupError(f"{Path(args[0]).name} failed: {detail[0]}")


def _pg_snapshot(into: Path) -> Snapshot:
    with pg_connect() as db:
        db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        db.read_only = True
        row = db.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None  # noqa: S101
        _run([_tool("pg_dump"), "-Fc", f"--snapshot={row[0]}", "--file", str(into)])
        snapshot = Snapshot(
            path=into,
            tables=inventory.row_counts(db, "postgresql"),
            migrations=inventory.migrations(db),
            field_keys=inventory.field_keys_used(db),
        )
        db.rollback()
    return snapshot


def pg_clear(dbname: str | None = None) -> None:
    """Drop everything in the database's schema (restore --force)."""
    connection.close()
    with pg_connect(dbname, autocommit=True) as db:
        row = db.execute("SELECT current_schema()").fetchone()
        assert row is not None  # noqa: S101
        schema = inventory._q(str(row[0]))
        db.execute(f"DROP SCHEMA {schema} CASCADE")
        db.execute(f"CREATE SCHEMA {schema}")


def pg_load(dump: Path, dbname: str | None = None) -> None:
    connection.close()
    args = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run(
        [*args, "--single-transaction", "--dbname", _pg_settings(dbname)["dbname"], str(dump)],
        dbname,
    )


@contextmanager
def pg_scratch_database() -> Iterator[str]:
    """A new, empty database on the same server, dropped afterwards (for --verify)."""
    name = f"chorus_verify_{uuid.uuid4().hex[:12]}"
    with pg_connect(autocommit=True) as db:
        db.execute(f"CREATE DATABASE {inventory._q(name)}")
    try:
        yield name
    finally:
        with pg_connect(autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {inventory._q(name)} WITH (FORCE)")


# --- Either -------------------------------------------------------------------------


def database_snapshot(into: Path) -> Snapshot:
    return _sqlite_snapshot(into) if vendor() == "sqlite" else _pg_snapshot(into)
