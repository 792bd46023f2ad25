"""`reencrypt [--batch-size N]`: rewrite every encrypted value under the newest key.

After putting a new key first in CHORUS_ENCRYPTION_KEYS, run this, then move the old
key to the end of the list. Drop it only when no backup made before the rotation is
kept: backups hold values encrypted under it (docs/backups.md). Safe to interrupt
(each batch commits on its own) and to run again (values already under the newest
key are left alone).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.privacy.encryption import encrypted_models, reencrypt_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the newest key in CHORUS_ENCRYPTION_KEYS. "
        "Keep the retired key (last in the list) as long as backups made before are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=500, help="rows per transaction (default 500)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        labels = ", ".join(columns.label for columns in encrypted_models())
        self.stdout.write(f"Models with encrypted fields: {labels}")
        changed = reencrypt_all(batch_size=batch_size, progress=self.stdout.write)
        self.stdout.write(f"Done: {changed} values re-encrypted under the newest key.")
        self.stdout.write(
            "Keep the retired key at the end of CHORUS_ENCRYPTION_KEYS for as long as any "
            "backup made before now is kept: those backups still need it (docs/backups.md)."
        )
