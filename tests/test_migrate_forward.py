"""A database made by an older Chorus migrates forward with nothing lost.

The demo database is built by the code of REFERENCE_COMMIT (taken from git history, run
with today's dependencies), then migrated by today's code. The impact report for the
seed year must give the same figures before and after, and every table must keep its
row count, except where DIFFERENCES below says why not.

Tables are compared by name, not by model: a model that moves to another app keeps its
table (`db_table`) or has it renamed by the migration; a rename is one more entry there.

The test runs on SQLite, or on PostgreSQL when DATABASE_URL names a PostgreSQL server
(in a scratch database of its own, dropped afterwards). It needs the git history: on a
shallow clone it fails and says so. Select it alone with `pytest -m migrate_forward`.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

pytestmark = pytest.mark.migrate_forward

REPO = Path(__file__).resolve().parents[1]

# The code as it was before the apps were reshaped (issue 10), an ancestor of main.
REFERENCE_COMMIT = "9398253"
PERIOD = ("2022-07-01", "2023-06-30")
# The report's figures; titles, definitions and links may be reworded.
FIGURES = ("value", "numerator", "denominator")


# --- The databases ----------------------------------------------------------------


class Database:
    """One database, read with plain SQL so that it does not depend on either code's models."""

    url: str

    def tables(self) -> set[str]:
        raise NotImplementedError

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def column(self, sql: str) -> list[Any]:
        return [row[0] for row in self.rows(sql)]

    def count(self, table: str) -> int:
        # Table names come from the database's own catalogue.
        return int(self.column(f'SELECT COUNT(*) FROM "{table}"')[0])  # noqa: S608

    def counts(self) -> dict[str, int]:
        return {table: self.count(table) for table in sorted(self.tables())}


class SQLiteDatabase(Database):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.path)) as connection:
            return connection.execute(sql).fetchall()

    # The shadow tables of a full-text index hold its internal pages, not records: a
    # rebuilt index has fewer of them. The index itself is checked against its content
    # (`fts_consistent`), and the virtual table's own count is compared with the rest.
    FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")

    def tables(self) -> set[str]:
        names = self.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        virtual = {
            name
            for (name,) in self.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
        }
        shadows = {f"{table}{suffix}" for table in virtual for suffix in self.FTS_SHADOWS}
        return {name for (name,) in names} - shadows

    def fts_consistent(self) -> list[str]:
        """Full-text indexes whose index does not match their content table."""
        broken = []
        for (table,) in self.rows(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
        ):
            try:
                self.rows(f'INSERT INTO "{table}"("{table}") VALUES (\'integrity-check\')')  # noqa: S608
            except sqlite3.DatabaseError as exc:
                broken.append(f"{table}: {exc}")
        return broken


class PostgresDatabase(Database):
    def __init__(self, url: str) -> None:
        self.url = url

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()

    def tables(self) -> set[str]:
        names = self.rows(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return {name for (name,) in names}


class SQLiteServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def new(self, name: str) -> SQLiteDatabase:
        return SQLiteDatabase(self.folder / f"{name}.sqlite3")

    def copy(self, source: Database, name: str) -> SQLiteDatabase:
        assert isinstance(source, SQLiteDatabase)
        copy = self.new(name)
        shutil.copyfile(source.path, copy.path)
        return copy

    def drop_all(self) -> None:
        """Files go with the temporary folder."""


class PostgresServer:
    """Scratch databases on the server DATABASE_URL names, each dropped at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"chorus_migrate_forward_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []

    def _url_for(self, dbname: str) -> str:
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{dbname}"))

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self._url_for("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def new(self, name: str, template: str | None = None) -> PostgresDatabase:
        dbname = f"{self.prefix}_{name}"
        self._admin(f'CREATE DATABASE "{dbname}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(dbname)
        return PostgresDatabase(self._url_for(dbname))

    def copy(self, source: Database, name: str) -> PostgresDatabase:
        return self.new(name, template=urlsplit(source.url).path.lstrip("/"))

    def drop_all(self) -> None:
        for dbname in reversed(self.created):
            self._admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


# --- What may change, and why ----------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """Tables whose row counts may differ, why, and what must hold instead.

    `holds(before, after)` returns (rows expected, rows found); None when any count is
    fine (bookkeeping that follows the code, not the data). Add one entry per change
    made by design; a table moved to another name is `renamed(old, new, reason)`.
    """

    tables: tuple[str, ...]
    reason: str
    holds: Callable[[Database, Database], tuple[int, int]] | None = None


def renamed(old: str, new: str, reason: str) -> Difference:
    """A table the new code keeps under another name: every row is still there."""
    return Difference(
        (old, new), reason, lambda before, after: (before.count(old), after.count(new))
    )


def _organisations_given_to_outlets(before: Database, after: Database) -> tuple[int, int]:
    bare = set(before.column("SELECT id FROM media_outlet WHERE organisation_id IS NULL"))
    existing = set(before.column("SELECT id FROM people_organisation"))
    organisation_of = dict(after.rows("SELECT id, organisation_id FROM media_outlet"))
    given = [organisation_of.get(outlet) for outlet in bare]
    assert len(given) == len(bare) and None not in given, "an outlet lost its organisation"
    new = {pk for pk in given if pk not in existing}
    return before.count("people_organisation") + len(new), after.count("people_organisation")


def _excluded_audience_codes(before: Database, after: Database) -> tuple[int, int]:
    codes = 0
    for stored in after.column("SELECT excluded_audiences FROM voices_consent"):
        # A JSON text on SQLite, already a list on PostgreSQL (jsonb).
        codes += len(json.loads(stored) if isinstance(stored, str) else stored or [])
    return before.count("voices_consent_excluded_segments"), codes


def _imports_kept_in_lib(before: Database, after: Database) -> tuple[int, int]:
    old = before.count("media_placementimport") + before.count("roundup_subscriberimport")
    return old, after.count("lib_importupload")


DIFFERENCES: list[Difference] = [
    Difference(
        ("django_migrations", "django_content_type", "auth_permission"),
        "Migration bookkeeping: one row per migration applied, per model and per permission; "
        "the new code has more of each.",
    ),
    Difference(
        ("people_organisation",),
        "Every outlet is media's extension of an organisation (media 0007): an outlet that "
        "had none is given the organisation of its name, or a new one.",
        _organisations_given_to_outlets,
    ),
    renamed(
        "voices_consent_excluded_outlets",
        "voices_consent_excluded_organisations",
        "Voices no longer points into media (media 0007): a consent excludes the outlets' "
        "organisations in people, one row for each excluded outlet.",
    ),
    Difference(
        ("voices_consent_excluded_segments",),
        "Excluded audience segments are stored as codes on the consent (media 0007): one "
        "code in voices_consent.excluded_audiences per row of the old table.",
        _excluded_audience_codes,
    ),
    Difference(
        ("media_placementimport", "roundup_subscriberimport", "lib_importupload"),
        "Placement and subscriber imports moved into the one import framework in lib "
        "(media 0008, roundup 0005): one lib_importupload row for each.",
        _imports_kept_in_lib,
    ),
]


# --- Running each code ------------------------------------------------------------------


def _reference_source(into: Path) -> Path:
    """The `src` folder of REFERENCE_COMMIT, or a plain failure when history is missing."""
    if shutil.which("git") is None:
        pytest.fail("git is not installed: the migrate-forward test reads an older commit.")
    found = subprocess.run(  # noqa: S603
        ["git", "-C", str(REPO), "cat-file", "-e", f"{REFERENCE_COMMIT}^{{commit}}"],  # noqa: S607
        capture_output=True,
    )
    if found.returncode != 0:
        pytest.fail(
            f"Commit {REFERENCE_COMMIT} is not in this clone's history. The migrate-forward "
            "test builds a database with that older code: use a full clone "
            "(git fetch --unshallow)."
        )
    archive = subprocess.run(  # noqa: S603
        ["git", "-C", str(REPO), "archive", "--format=tar", REFERENCE_COMMIT, "src"],  # noqa: S607
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _chorus(source: Path, database: Database, data_dir: Path, *args: str) -> str:
    """Run `chorus ARGS` with the code in `source`, as a separate process."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "CHORUS_DEMO", "CHORUS_ENCRYPTION_KEYS", "REDIS_URL"}
    }
    env.update(PYTHONPATH=str(source), CHORUS_DATA_DIR=str(data_dir), DATABASE_URL=database.url)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", *args],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"chorus {' '.join(args)} failed with the code in {source}:\n{result.stderr[-3000:]}"
    )
    return result.stdout


def _report(source: Path, database: Database, data_dir: Path) -> dict[str, Any]:
    out = _chorus(
        source,
        database,
        data_dir,
        "report",
        "--from",
        PERIOD[0],
        "--to",
        PERIOD[1],
        "--format",
        "json",
    )
    return json.loads(out)["indicators"]


@pytest.fixture
def server(tmp_path) -> Iterator[SQLiteServer | PostgresServer]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        postgres = PostgresServer(url)
        try:
            yield postgres
        finally:
            postgres.drop_all()
    else:
        yield SQLiteServer(tmp_path)


# --- The test --------------------------------------------------------------------------


def test_a_database_made_by_the_reference_commit_migrates_forward_with_nothing_lost(
    tmp_path, server
):
    old_source = _reference_source(tmp_path / "reference")
    new_source = REPO / "src"
    data_dir = tmp_path / "data"
    data_dir.mkdir()

    database = server.new("upgraded")
    _chorus(old_source, database, data_dir, "demo", "--reset", "--no-serve")
    before = server.copy(database, "before")
    counts_before = before.counts()
    old_report = _report(old_source, before, data_dir)

    after = database
    _chorus(new_source, after, data_dir, "manage", "migrate", "--no-input")
    counts_after = after.counts()
    new_report = _report(new_source, after, data_dir)

    # The comparison means something only if the new code had migrations to apply.
    assert counts_after["django_migrations"] > counts_before["django_migrations"], (
        "today's code applied no migration to the reference database"
    )

    assert old_report["media.placements"]["value"] == 177  # the seed year, as a sanity check
    missing = sorted(set(old_report) - set(new_report))
    assert not missing, f"indicators gone from the report: {missing}"
    changed = {
        f"{code} {figure}": (old[figure], new_report[code].get(figure))
        for code, old in old_report.items()
        for figure in FIGURES
        if figure in old and old[figure] != new_report[code].get(figure)
    }
    assert not changed, f"report figures changed (before, after): {changed}"

    if isinstance(after, SQLiteDatabase):
        assert after.fts_consistent() == [], "a full-text index no longer matches its table"
        # SQLite drops a table's triggers when a migration rebuilds it: none may be lost.
        triggers = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        lost = set(before.column(triggers)) - set(after.column(triggers))
        assert not lost, f"triggers lost by the migrations: {sorted(lost)}"

    accounted = {table for difference in DIFFERENCES for table in difference.tables}
    stale = sorted(accounted - set(counts_before) - set(counts_after))
    assert not stale, f"DIFFERENCES name tables neither database has; remove them: {stale}"

    problems = []
    for table in sorted((set(counts_before) | set(counts_after)) - accounted):
        was, now = counts_before.get(table), counts_after.get(table)
        if was is None and now:
            problems.append(f"{table}: new, with {now} rows nothing accounts for")
        elif now is None and was:
            problems.append(f"{table}: gone, with the {was} rows it had")
        elif was is not None and now is not None and was != now:
            problems.append(f"{table}: {was} rows before, {now} after")
    for difference in DIFFERENCES:
        if difference.holds is not None:
            expected, found = difference.holds(before, after)
            if expected != found:
                problems.append(
                    f"{', '.join(difference.tables)}: {expected} rows expected, {found} found "
                    f"({difference.reason})"
                )
    assert not problems, "rows lost or invented by the migrations:\n" + "\n".join(problems)
