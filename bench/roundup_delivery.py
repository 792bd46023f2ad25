"""Benchmark: delivering the round-up to 100,000 subscribers through a local SMTP server.

    .venv/bin/python bench/roundup_delivery.py [--subscribers 100000] [--items 25] [--batch-size 20]

Builds a throwaway SQLite database in a temporary folder (migrated, then 100,000
invented, confirmed subscribers inserted in bulk), one approved edition, and starts an
SMTP sink (aiosmtpd, in its own process so it does not share this one's interpreter
lock) on 127.0.0.1. Then times the two steps of a send exactly as production runs them:

1. `schedule_send`: choosing the recipients and writing the ledger, one transaction;
2. `deliver`: the worker loop, one reused SMTP connection, a committed ledger update
   per message, the pause and unsubscribe checks before each message.

Prints messages/s of step 2 against the goal (150/s), the total time, and checks with
the sink that every address received exactly one message. Sends nothing anywhere but
127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_PER_SECOND = 150.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- The SMTP sink (run as a child process) ------------------------------------------


def run_sink(port: int, report: Path) -> None:
    """Accept every message, count them per address, write the counts on SIGTERM."""
    from aiosmtpd.controller import Controller

    counts: dict[str, int] = {}

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            for address in envelope.rcpt_tos:
                counts[address] = counts.get(address, 0) + 1
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)

    def stop(*_: object) -> None:
        controller.stop()
        report.write_text(json.dumps(counts))
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    while True:
        time.sleep(3600)


def start_sink(port: int, report: Path) -> subprocess.Popen[str]:
    sink = subprocess.Popen(  # noqa: S603 - this very script, fixed arguments
        [sys.executable, __file__, "--sink", str(port), "--sink-report", str(report)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None
    if sink.stdout.readline().strip() != "ready":
        raise SystemExit("The SMTP sink did not start.")
    return sink


# --- The benchmark -----------------------------------------------------------------


def configure(folder: Path, smtp_port: int) -> None:
    from cryptography.fernet import Fernet

    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY_FILE", "CHORUS_ENCRYPTION_KEYS_FILE"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "chorus.settings",
            "DEBUG": "0",
            "CHORUS_DEMO": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CHORUS_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "CHORUS_DATA_DIR": str(folder),
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            "CHORUS_PUBLIC_URL": "https://chorus.example.org",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def load(subscribers: int, items: int) -> int:
    """Migrate, insert the subscribers and one approved edition; returns the edition's id."""
    import datetime

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from chorus.monitoring.models import NewsRegion
    from chorus.roundup.models import Edition, EditionItem, Subscriber

    call_command("migrate", interactive=False, verbosity=0)
    sections = [[], [NewsRegion.UK], [NewsRegion.UK, NewsRegion.EUROPE]]
    with transaction.atomic():
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"reader{n}@example.org",
                    status=Subscriber.Status.CONFIRMED,
                    sections=sections[n % len(sections)],
                    confirmed_at=timezone.now(),
                )
                for n in range(1, subscribers + 1)
            ),
            batch_size=2000,
        )
        edition = Edition.objects.create(
            issue_date=datetime.date(2026, 11, 23),
            title="Migration news round-up, Monday 23 November 2026",
            intro="A busy weekend in the Channel, and a court ruling on pushbacks.",
            status=Edition.Status.APPROVED,
        )
        regions = [NewsRegion.UK, NewsRegion.UK, NewsRegion.EUROPE, NewsRegion.INTERNATIONAL]
        EditionItem.objects.bulk_create(
            EditionItem(
                edition=edition,
                section=regions[n % len(regions)],
                position=n * 10,
                headline=f"Council and charities respond to asylum hotel plan, story {n}",
                url=f"https://news.example.org/2026/11/23/story-{n}",
                outlets="BBC, ITV and 4 others",
                summary="Charities said hundreds of people would be affected by the change.",
            )
            for n in range(1, items + 1)
        )
    return edition.pk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=25, help="stories in the edition")
    parser.add_argument("--batch-size", type=int, default=None, help="rows claimed at a time")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sink-report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sink:
        run_sink(args.sink, args.sink_report)
        return 0

    load_at_start = " ".join(f"{value:.1f}" for value in os.getloadavg())
    folder = Path(tempfile.mkdtemp(prefix="chorus-bench-delivery-"))
    port = _free_port()
    report_file = folder / "sink.json"
    sink = start_sink(port, report_file)
    try:
        configure(folder, port)
        from django.utils import timezone

        from chorus.roundup.delivery import ledger, sending
        from chorus.roundup.delivery import selectors as delivery_selectors
        from chorus.roundup.delivery import services as delivery
        from chorus.roundup.models import Edition

        started = time.perf_counter()
        edition_id = load(args.subscribers, args.items)
        loaded = time.perf_counter()
        send = delivery.send_schedule(
            edition=Edition.objects.get(pk=edition_id),
            actor=None,
            send_at=timezone.now(),
            enqueue=False,
        )
        scheduled = time.perf_counter()
        cpu_before = time.process_time()
        report = sending.send_deliver(
            send_id=send.pk, batch_size=args.batch_size or ledger.CLAIM_BATCH
        )
        delivered = time.perf_counter()
        worker_cpu = time.process_time() - cpu_before
        state = delivery_selectors.send_progress(send)
    finally:
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=30)
    counts = json.loads(report_file.read_text()) if report_file.exists() else {}
    sink_cpu = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    rate = report.sent / (delivered - scheduled)
    print(f"subscribers                 {args.subscribers:>10,}")
    print(f"load (migrate + insert)     {loaded - started:>10.1f} s")
    print(f"schedule (ledger written)   {scheduled - loaded:>10.1f} s")
    print(f"deliver                     {delivered - scheduled:>10.1f} s")
    print(f"messages sent               {report.sent:>10,}   ({report.stopped})")
    print(
        f"received by the sink        {sum(counts.values()):>10,}   "
        f"({len(counts):,} addresses, most to one: {max(counts.values(), default=0)})"
    )
    print(
        f"rate                        {rate:>10.1f} messages/s   goal {GOAL_PER_SECOND:.0f}/s: "
        f"{'met' if rate >= GOAL_PER_SECOND else 'MISSED'}"
    )
    # The machine may be shared: CPU time per message says what an idle machine would do.
    per_message = 1000 / max(report.sent, 1)
    print(
        f"CPU per message             {worker_cpu * per_message:>10.2f} ms worker, "
        f"{sink_cpu * per_message:.2f} ms SMTP sink (load average at start {load_at_start})"
    )
    print(
        f"send to {args.subscribers:,} end to end "
        f"{delivered - loaded:.1f} s; ledger: {json.dumps(state['counts'])}"
    )
    if args.keep:
        print(f"kept {folder}")
    else:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    ok = report.sent == len(counts) == sum(counts.values()) and rate >= GOAL_PER_SECOND
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
