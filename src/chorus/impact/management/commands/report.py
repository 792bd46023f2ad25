"""The annual report on stdout or in a file.

chorus report --from YYYY-MM-DD --to YYYY-MM-DD [--format json|html|pdf|csv] [--output FILE]
chorus report --published N [--format …] [--output FILE]

A period's report is built from the records now (the true numbers, as staff see the
draft); `--published N` prints published version N (the number in its address,
/published/N/) exactly as it was published, its PDF the bytes stored then.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chorus.impact import annual, annual_render
from chorus.impact.models import AnnualReport, PublishedReport
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
    help = "Print the annual report for a period, or a published version: JSON, HTML, PDF or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="date_from", metavar="YYYY-MM-DD", help="first day, included"
        )
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day, included")
        parser.add_argument(
            "--published", type=int, metavar="N", help="print published version N instead"
        )
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["json", "html", "pdf", "csv"],
            default="json",
            help="default: json",
        )
        parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["output_format"]
        if kind == "pdf" and not options.get("output"):
            raise CommandError("A PDF is written to a file: add --output FILE.")
        pdf: bytes | None = None
        if options.get("published") is not None:
            published = PublishedReport.objects.filter(pk=options["published"]).first()
            if published is None:
                raise CommandError(f"No published report has the number {options['published']}.")
            document = published.snapshot
            pdf = bytes(published.pdf)
            extra: dict[str, Any] = {}
        else:
            start = _date(options.get("date_from"), "--from")
            end = _date(options.get("date_to"), "--to")
            if start > end:
                raise CommandError(
                    f"--from ({start}) is after --to ({end}): "
                    "the period must start on or before its end."
                )
            period = Period(start, end)
            draft = (
                AnnualReport.objects.filter(starts_on=start, ends_on=end)
                .prefetch_related("highlights")
                .first()
            )
            document = annual.build_document(period, draft)
            # Every registered indicator, under its code, as before the annual report.
            extra = {"indicators": build_report(period).as_json()["indicators"]}
        body: bytes
        if kind == "pdf":
            body = pdf if pdf is not None else annual_render.as_pdf(document)
        elif kind == "csv":
            body = annual_render.as_csv(document).encode()
        elif kind == "html":
            body = annual_render.as_html(document).encode()
        else:
            body = json.dumps({**document, **extra}, indent=2, ensure_ascii=False).encode()
        if options.get("output"):
            with open(options["output"], "wb") as handle:
                handle.write(body)
            return
        if kind == "pdf":
            raise CommandError("A PDF is written to a file: add --output FILE.")
        self.stdout.write(body.decode(), ending="\n")
