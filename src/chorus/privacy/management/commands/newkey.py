"""`newkey`: print a fresh encryption key, to put first in CHORUS_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chorus.lib.crypto import new_key


class Command(BaseCommand):
    help = "Print a new Fernet key for CHORUS_ENCRYPTION_KEYS (it is not stored anywhere)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_key())
