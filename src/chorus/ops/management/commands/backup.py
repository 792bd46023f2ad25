"""`backup [--output DIR]`, `backup --verify FILE`: make an encrypted backup, or check one.

`chorus backup` is this command. See docs/backups.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.ops.backups import backup_create, backup_verify
from chorus.ops.databases import BackupError


def size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size / 1e3:.1f} kB"


class Command(BaseCommand):
    help = (
        "Back up the database and the uploads into one encrypted file (CHORUS_BACKUP_KEY), "
        "or with --verify, restore a backup into a temporary place and check it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="folder to write to (default CHORUS_BACKUP_DIR)"
        )
        parser.add_argument("--verify", type=Path, metavar="FILE", help="check this backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verify"]:
                self._verify(options["verify"])
            else:
                made = backup_create(output=options["output"])
                rows = sum(made.manifest["tables"].values())
                self.stdout.write(
                    f"Backed up to {made.path} ({size_text(made.size)}, {rows} rows, "
                    f"{len(made.manifest['files'])} files) in {made.seconds:.1f} s."
                )
        except (BackupError, ImproperlyConfigured) as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {exc.filename}") from exc

    def _verify(self, path: Path) -> None:
        checked = backup_verify(path)
        if checked.problems:
            raise CommandError(
                f"{path} does not restore as its manifest says:\n  " + "\n  ".join(checked.problems)
            )
        made = checked.manifest["made_at"]
        self.stdout.write(
            f"{path} is good: made {made} by Chorus {checked.manifest['chorus_version']}; "
            f"{checked.tables} tables, {checked.rows} rows, {checked.files} files and "
            f"{checked.values_decrypted} encrypted values read back in {checked.seconds:.1f} s."
        )
