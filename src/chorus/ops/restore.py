"""Restoring a backup into an empty data folder or database, then erasing again (docs/backups.md).

The whole backup is decrypted, authenticated and checked against its manifest in a
private folder first: a changed or incomplete backup fails before anything in the
target is touched. Then the database and the uploads are put in place, the restored
database is checked as `--verify` checks, and everyone the erasure registers list is
erased again.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from chorus.ops import databases
from chorus.ops.archive import move_tree, read_backup
from chorus.ops.backups import Checked, backup_key, check_database, private_workspace
from chorus.ops.databases import BackupError
from chorus.privacy.erasure import erasures_reapply
from chorus.privacy.erasure_register import register_path


@dataclass
class Restored:
    checked: Checked
    migrated: bool = False
    erased_again: list[int] = field(default_factory=list)
    registers: list[Path] = field(default_factory=list)


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _uploads_empty() -> bool:
    folder = Path(settings.MEDIA_ROOT)
    return not folder.exists() or not any(folder.iterdir())


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def backup_restore(
    *, path: Path, force: bool = False, registers: list[Path] | None = None
) -> Restored:
    """Fill the configured database and uploads folder from the backup at `path`.

    Refuses a target that holds data unless `force`. After the checks, migrations newer
    than the backup are applied and the erasure registers (CHORUS_ERASURE_REGISTER, the
    copy beside the backup, and any given) are applied again.
    """
    started = time.monotonic()
    key = backup_key()
    engine = databases.vendor()
    if not force:
        if not _database_is_empty():
            raise BackupError(
                "The database already holds data: restore into an empty one, "
                "or give --force to replace it."
            )
        if not _uploads_empty():
            raise BackupError(
                f"The uploads folder {settings.MEDIA_ROOT} is not empty: "
                "restore into an empty one, or give --force to replace it."
            )
    with private_workspace(Path(settings.DATA_DIR)) as work:
        manifest = read_backup(Path(path), key, work)
        if manifest.get("engine") != engine:
            raise BackupError(
                f"This is a {manifest.get('engine')} backup; Chorus is configured for {engine}."
            )
        unknown = {tuple(m) for m in manifest["migrations"]} - _known_migrations()
        if unknown:
            raise BackupError(
                "This backup was made by a newer Chorus (it has migrations this one does not "
                f"know, e.g. {'.'.join(sorted(unknown)[0])}): restore it with that version."
            )
        database = work / manifest["database_file"]
        if engine == "sqlite":
            databases.sqlite_install(database, databases.sqlite_path())
        else:
            if force:
                databases.pg_clear()
            databases.pg_load(database)
        uploads = work / "uploads"
        if uploads.exists():
            move_tree(uploads, Path(settings.MEDIA_ROOT))
        elif Path(settings.MEDIA_ROOT).exists():
            shutil.rmtree(settings.MEDIA_ROOT)  # --force: the backup had no uploads
    checked = Checked(manifest=manifest, files=len(manifest["files"]))
    connection.close()
    connection.ensure_connection()
    db: Any = connection.connection
    check_database(db, engine, manifest, checked)
    checked.seconds = time.monotonic() - started
    restored = Restored(checked=checked)
    if checked.problems:
        return restored
    if {tuple(m) for m in manifest["migrations"]} != _known_migrations():
        call_command("migrate", interactive=False, verbosity=0)
        restored.migrated = True
    found = [register_path(), Path(path).resolve().parent / register_path().name]
    restored.registers = [p for p in [*found, *(registers or [])] if p.exists()]
    restored.erased_again = erasures_reapply(registers=restored.registers)
    return restored
