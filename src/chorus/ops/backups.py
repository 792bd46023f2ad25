"""Backups: making one, checking one, and keeping the right ones (docs/backups.md).

`backup_create` copies the database (consistently, while Chorus runs) and the uploads
into one encrypted file with a manifest; `backup_verify` restores a backup into a
temporary place and checks it against its manifest; `backups_prune` deletes the copies
the daily, weekly and monthly rotation no longer keeps. Restoring is `ops.restore`.

The field-encryption keys never go into a backup: the manifest names, by id, the keys
the data was written under, and those keys must be kept as long as the backup is.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from chorus.lib.backup import keep
from chorus.lib.backup.stream import StreamError, parse_key
from chorus.ops import databases, inventory
from chorus.ops.archive import read_backup, write_atomically, write_backup
from chorus.ops.databases import BackupError

SUFFIX = ".chorus-backup"
NAME_FORMAT = "chorus-%Y%m%dT%H%M%SZ"
FORMAT_VERSION = 1


def backup_key() -> bytes:
    text = settings.CHORUS_BACKUP_KEY
    if not text:
        raise BackupError(
            "CHORUS_BACKUP_KEY (or CHORUS_BACKUP_KEY_FILE) is not set: make a key with "
            "`chorus newkey` and keep a copy apart from the backups."
        )
    try:
        return parse_key(text)
    except StreamError as exc:
        raise BackupError(f"CHORUS_BACKUP_KEY: {exc}") from exc


def chorus_version() -> str:
    try:
        return importlib.metadata.version("chorus")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@contextmanager
def private_workspace(parent: Path) -> Iterator[Path]:
    """A temporary folder (0700) for plaintext copies, removed afterwards, whatever happens."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".chorus-backup-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class BackupMade:
    path: Path
    size: int
    seconds: float
    manifest: dict[str, Any]


def backup_create(*, output: Path | None = None) -> BackupMade:
    """Write a new backup into `output` (CHORUS_BACKUP_DIR); return where, how big, how long.

    The plaintext database copy lives only in a private folder inside the data folder
    while the backup is written; the backup file appears under its final name only once
    complete.
    """
    started = time.monotonic()
    key = backup_key()
    output = Path(output or settings.CHORUS_BACKUP_DIR).resolve()
    made_at = timezone.now().astimezone(datetime.UTC)
    engine = databases.vendor()
    with private_workspace(Path(settings.DATA_DIR)) as work:
        snapshot = databases.database_snapshot(work / databases.database_file_name(engine))
        manifest: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "made_at": made_at.isoformat(),
            "chorus_version": chorus_version(),
            "engine": engine,
            "database_file": snapshot.path.name,
            "migrations": snapshot.migrations,
            "tables": snapshot.tables,
            "field_keys": snapshot.field_keys,
        }
        final = output / (made_at.strftime(NAME_FORMAT) + SUFFIX)
        written: dict[str, Any] = {}

        def write(handle: Any) -> None:
            written.update(
                write_backup(
                    handle,
                    key,
                    database=snapshot.path,
                    uploads=Path(settings.MEDIA_ROOT),
                    manifest=manifest,
                )
            )

        write_atomically(final, write)
    _copy_erasure_register(output)
    return BackupMade(final, final.stat().st_size, time.monotonic() - started, written)


def _copy_erasure_register(output: Path) -> None:
    """Keep a copy of the erasure register beside the backups (never inside one).

    A machine lost with its data folder still leaves, with the backups, the list of
    people to erase again after restoring them.
    """
    register = Path(settings.CHORUS_ERASURE_REGISTER)
    if register.exists() and register.parent.resolve() != output:
        text = register.read_bytes()
        write_atomically(output / register.name, lambda handle: handle.write(text))


# --- Checking ------------------------------------------------------------------------


@dataclass
class Checked:
    """What a check of a restored database found; `problems` empty when all is well."""

    manifest: dict[str, Any]
    tables: int = 0
    rows: int = 0
    files: int = 0
    values_decrypted: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def check_database(db: Any, engine: str, manifest: dict[str, Any], checked: Checked) -> None:
    """Compare a restored database (a DB-API connection) with the backup's manifest."""
    counts = inventory.row_counts(db, engine)
    expected: dict[str, int] = manifest["tables"]
    checked.tables, checked.rows = len(counts), sum(counts.values())
    for table in sorted(set(counts) | set(expected)):
        if counts.get(table) != expected.get(table):
            checked.problems.append(
                f"table {table}: {expected.get(table)} rows in the manifest, "
                f"{counts.get(table)} restored"
            )
    if inventory.migrations(db) != manifest["migrations"]:
        checked.problems.append("the migrations applied differ from the manifest's")
    configured = set(inventory.configured_field_keys())
    for kid in sorted(set(manifest.get("field_keys", {})) - configured):
        label = "values no configured key could read" if kid == inventory.UNKNOWN_KEY else kid
        checked.problems.append(
            f"the data was written under field key {label}, which CHORUS_ENCRYPTION_KEYS "
            "no longer holds: put the retired key back (last in the list) to read it"
        )
    read, failed = inventory.decrypt_samples(db)
    checked.values_decrypted = read
    checked.problems += [f"encrypted field {name} could not be decrypted" for name in failed]


def backup_verify(path: Path) -> Checked:
    """Restore the backup at `path` into a temporary place and check it against its manifest.

    A backup that fails to decrypt or authenticate raises BackupError; a restore whose
    counts, migrations or encrypted fields do not match is returned with `problems`.
    """
    started = time.monotonic()
    key = backup_key()
    engine = databases.vendor()
    with private_workspace(Path(settings.DATA_DIR)) as work:
        manifest = read_backup(Path(path), key, work)
        checked = Checked(manifest=manifest, files=len(manifest["files"]))
        # An SQLite backup is checked anywhere; a PostgreSQL one needs a server to load into.
        if manifest.get("engine") == "postgresql" and engine != "postgresql":
            raise BackupError(
                "This is a PostgreSQL backup: check it with DATABASE_URL naming a PostgreSQL "
                "server (a scratch database is made there and dropped)."
            )
        database = work / manifest["database_file"]
        if manifest.get("engine") == "sqlite":
            with databases.sqlite_open(database) as db:
                check_database(db, "sqlite", manifest, checked)
        else:
            with databases.pg_scratch_database() as scratch:
                databases.pg_load(database, scratch)
                with databases.pg_connect(scratch) as db:
                    check_database(db, "postgresql", manifest, checked)
    checked.seconds = time.monotonic() - started
    return checked


# --- Keeping -----------------------------------------------------------------------------


def backups_in(folder: Path | None = None) -> dict[Path, datetime.datetime]:
    """The finished backups in `folder` (CHORUS_BACKUP_DIR), by when each was made."""
    folder = Path(folder or settings.CHORUS_BACKUP_DIR)
    found = {}
    for path in folder.glob(f"chorus-*{SUFFIX}") if folder.is_dir() else []:
        try:
            stamp = path.name.removesuffix(SUFFIX) + "+0000"
            made = datetime.datetime.strptime(stamp, "chorus-%Y%m%dT%H%M%SZ%z")
        except ValueError:
            continue
        found[path] = made
    return found


def backup_newest(folder: Path | None = None) -> Path | None:
    found = backups_in(folder)
    return max(found, key=lambda p: found[p]) if found else None


def backups_prune(folder: Path | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps (and partial files a crash left)."""
    found = backups_in(folder)
    expired = keep.backups_expired(
        {str(path): made for path, made in found.items()},
        daily=settings.CHORUS_BACKUP_KEEP_DAILY,
        weekly=settings.CHORUS_BACKUP_KEEP_WEEKLY,
        monthly=settings.CHORUS_BACKUP_KEEP_MONTHLY,
    )
    for name in expired:
        Path(name).unlink(missing_ok=True)
    day_ago = time.time() - 24 * 3600
    folder = Path(folder or settings.CHORUS_BACKUP_DIR)
    for partial in folder.glob(".chorus-*.partial") if folder.is_dir() else []:
        if partial.stat().st_mtime < day_ago:
            partial.unlink(missing_ok=True)
    return [Path(name) for name in expired]
