"""`chorus manage training_fees_income`: record bespoke fees paid before income was kept.

Run once after upgrading to a Chorus that keeps income (deploy/README.md, Upgrades).
Safe to run again: each fee is one income entry, found by its session.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chorus.training.services import fees_record_all


class Command(BaseCommand):
    help = "Record every paid bespoke training fee as earned income (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        paid = fees_record_all(actor=None)
        self.stdout.write(
            f"{paid} paid bespoke fee{'s' if paid != 1 else ''} recorded as earned income."
        )
