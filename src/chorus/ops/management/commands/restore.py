"""`restore FILE [--force] [--erasures FILE]`: fill an empty database and uploads folder.

`chorus restore` is this command. See docs/backups.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.ops.databases import BackupError
from chorus.ops.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into the empty database (DATABASE_URL) and uploads folder "
        "(CHORUS_DATA_DIR), check it as --verify does, then erase again everyone the "
        "erasure register lists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and uploads that hold data"
        )
        parser.add_argument(
            "--erasures",
            type=Path,
            action="append",
            default=[],
            metavar="FILE",
            help="another erasure register to apply (CHORUS_ERASURE_REGISTER and the copy "
            "beside the backup are always applied)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such backup file: {path}")
        try:
            restored = backup_restore(
                path=path, force=options["force"], registers=options["erasures"]
            )
        except (BackupError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from exc
        checked = restored.checked
        if checked.problems:
            raise CommandError(
                "Restored, but the database does not match the backup's manifest:\n  "
                + "\n  ".join(checked.problems)
            )
        self.stdout.write(
            f"Restored {path} (made {checked.manifest['made_at']}): {checked.tables} tables, "
            f"{checked.rows} rows, {checked.files} files, {checked.values_decrypted} encrypted "
            f"values read back, in {checked.seconds:.1f} s."
        )
        if restored.migrated:
            self.stdout.write("Migrations newer than the backup were applied.")
        registers = ", ".join(str(p) for p in restored.registers) or "none found"
        self.stdout.write(
            f"Erased again from the erasure register ({registers}): "
            f"{len(restored.erased_again)} people."
        )
