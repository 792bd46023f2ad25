"""The impact report on stdout.

chorus report --from YYYY-MM-DD --to YYYY-MM-DD [--format json|html]
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.impact.periods import Period
from chorus.impact.report import build_report


def _date(value: str | None, option: str) -> datetime.date:
    if not value:
        raise CommandError(
            f"Give the period with --from YYYY-MM-DD and --to YYYY-MM-DD ({option} is missing)."
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date: write it as YYYY-MM-DD, for example 2022-07-01."
        ) from None


class Command(BaseCommand):
    help = "Print the impact report for a period, as JSON (the default) or a standalone HTML page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="date_from", metavar="YYYY-MM-DD", help="first day, included"
        )
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day, included")
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["json", "html"],
            default="json",
            help="default: json",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options.get("date_from"), "--from")
        end = _date(options.get("date_to"), "--to")
        if start > end:
            raise CommandError(
                f"--from ({start}) is after --to ({end}): "
                "the period must start on or before its end."
            )
        as_html = options["output_format"] == "html"
        report = build_report(Period(start, end), with_content=as_html)
        if as_html:
            self.stdout.write(report.as_standalone_html())
        else:
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
