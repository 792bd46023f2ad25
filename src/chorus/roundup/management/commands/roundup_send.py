"""Send an approved edition from the command line, showing progress as it goes.

    chorus manage roundup_send 2026-11-23 --now
    chorus manage roundup_send 42

Safe to interrupt (Ctrl-C, or a killed process) and run again: the ledger knows who
has been sent to, and the run carries on from there. If task workers are delivering the
edition already, the run joins them and shares the rest.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chorus.roundup.delivery import ledger, locks, sending
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Edition, Send


def _edition(value: str) -> Edition:
    if value.isdigit():
        found = Edition.objects.filter(pk=int(value)).first()
    else:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"{value!r} is neither an edition number nor a date.") from exc
        found = Edition.objects.filter(issue_date=day).first()
    if found is None:
        raise CommandError(f"No edition {value}.")
    return found


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return str(datetime.timedelta(seconds=round(seconds)))


def progress_line(state: dict[str, Any]) -> str:
    counts = state["counts"]
    line = (
        f"sent {counts['sent']:,}/{state['total']:,} ({state['percent']}%)"
        f"  {state['rate_per_second']:.1f}/s  ETA {_duration(state['eta_seconds'])}"
    )
    extra = [
        f"{label} {counts[key]:,}"
        for key, label in (("retry", "deferred"), ("failed", "failed"), ("skipped", "skipped"))
        if counts[key]
    ]
    return line + (f"  ({', '.join(extra)})" if extra else "")


class Command(BaseCommand):
    help = "Send an approved round-up edition now, in the foreground, with live progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="the edition's date (YYYY-MM-DD) or number")
        parser.add_argument(
            "--now", action="store_true", help="send now, whatever time it was scheduled for"
        )
        parser.add_argument("--batch-size", type=int, default=ledger.CLAIM_BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        edition = _edition(options["edition"])
        send = Send.objects.filter(edition=edition).first()
        now = timezone.now()
        try:
            if send is None or (options["now"] and send.status == Send.Status.SCHEDULED):
                send_at = now if options["now"] else (edition.send_at or now)
                send = delivery.send_schedule(
                    edition=edition, actor=None, send_at=send_at, enqueue=False
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        send.refresh_from_db()
        if send.status == Send.Status.DONE:
            self.stdout.write(f"{edition} was sent on {send.finished_at:%Y-%m-%d %H:%M}.")
            return
        if send.status == Send.Status.PAUSED:
            raise CommandError("This send is paused: resume it on its page first.")
        if send.status == Send.Status.SCHEDULED and send.send_at > now:
            local = timezone.localtime(send.send_at)
            self.stdout.write(
                f"{edition} is scheduled for {local:%Y-%m-%d %H:%M}; the scheduler sends it "
                "then. Use --now to send it now."
            )
            return
        self.stdout.write(f"Sending {edition} (send {send.pk}).")
        if send.status == Send.Status.SENDING and locks.is_being_delivered(send.pk):
            self.stdout.write("Other workers are delivering it too; this run joins them.")
        report = sending.send_deliver(
            send_id=send.pk,
            batch_size=options["batch_size"],
            progress=self._show,
            wait_for_retries=True,
        )
        if report.recovered:
            self.stdout.write(
                f"Carried on after a stopped worker ({report.recovered} messages were in hand)."
            )
        self.stdout.write(
            f"{report.stopped} This run: {report.sent:,} sent, {report.failed:,} failed, "
            f"{report.skipped:,} skipped in {report.elapsed:.1f} s ({report.rate:.1f}/s)."
        )
        if report.error:
            raise CommandError(report.error)

    def _show(self, state: dict[str, Any]) -> None:
        self.stdout.write(progress_line(state))
        self.stdout.flush()
