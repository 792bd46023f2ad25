"""`demo_load [--reset] [--password …]`: load the fictional demo data set.

Idempotent: a second run creates only what is missing. `--reset` deletes ALL data in
the database first (every table, not only the demo's), so it is for demo databases only.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from chorus.demo.loader import load


class Command(BaseCommand):
    help = "Load the fictional demo data (staff, outlets, journalists, campaigns, placements)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="delete ALL data in the database first, then load"
        )
        parser.add_argument(
            "--password",
            default=settings.DEMO_PASSWORD,
            help="password for the demo staff accounts",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Deleted all data.")
        load(password=options["password"], log=self.stdout.write)
        self.stdout.write(
            f"Demo data ready in {time.monotonic() - started:.1f}s. Every person in it is invented."
        )
