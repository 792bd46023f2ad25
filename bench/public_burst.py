"""Benchmark: the public pages in the minute after a round-up goes out.

    .venv/bin/python bench/public_burst.py                      # SQLite (a temporary file)
    .venv/bin/python bench/public_burst.py --database-url postgres://postgres@127.0.0.1:5432/chorus_bench_burst
        [--readers 200] [--rate 100] [--duration 60] [--subscribers 20000] [--workers 2]

Builds a throwaway database (SQLite in a temporary folder by default, or the local
PostgreSQL database named in --database-url, which must contain "bench" and is dropped)
with 20,000 confirmed subscribers, 44 past editions in the public archive and today's
edition, which is then sent the way the worker finishes a send: its ledger written for
every subscriber (no mail leaves: the rows are marked sent) and the edition published.
Then it starts the production web server (`chorus serve`) and, right away, 200 readers
open the archive (today's edition and the index), the sign-up page and the one-click
unsubscribe (RFC 8058 POSTs, no cookie and no token, each for a different subscriber).

The server is warmed first with pages the burst does not ask for (yesterday's edition,
the privacy notice, an unknown unsubscribe address), so the archive's index and today's
edition are built by the burst's first readers, as after a real send.

The load is open: the readers together offer `--rate` requests a second, each at a time
fixed in advance, however slowly the server answers, so a slow server is not asked less.
What was achieved is counted. A reader's time runs from when the request was planned to
the whole answer; a request that could not be sent on time (every connection of the
load generator busy, or the generator short of CPU) is also counted as late. Beside it,
the server's own time for each request (from gunicorn's log: from when a worker took it
to the end of the answer) separates Chorus's share from the queue and the machine.
Afterwards the database must hold exactly as many new unsubscribes and suppressions as
the POSTs that said so.
Goals: no errors; unsubscribe p99 ≤ 200 ms on PostgreSQL. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import math
import os
import queue
import random
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import roundup_unsubscribe as unsubscribe_bench  # noqa: E402  (its subscriber loader)
import run as bench  # noqa: E402  (bench/run.py: server, database and timing helpers)

UNSUBSCRIBE_GOAL_MS = 200.0
PAST_EDITIONS = 44  # the archive index shows 30 a page: two pages
ITEMS = 20
# What the readers ask for, out of every 100 requests.
MIX = {
    "archive: today's edition": 40,
    "archive: index": 15,
    "sign-up page": 20,
    "one-click unsubscribe": 25,
}
LATE_MS = 50.0  # a request sent this much after its planned time is counted as late


# --- Inside the server's environment (a subprocess) -------------------------------------


def load(subscribers: int, sample: int, tokens_path: Path, facts_path: Path) -> None:
    """Subscribers, the archive, and today's edition sent to every subscriber."""
    unsubscribe_bench.load(subscribers, sample, tokens_path)  # sets Django up

    from django.db import transaction
    from django.utils import timezone

    from chorus.monitoring.models import NewsRegion
    from chorus.roundup.delivery import ledger
    from chorus.roundup.delivery import services as delivery
    from chorus.roundup.editions.services import edition_title
    from chorus.roundup.models import Edition, EditionItem, Recipient, Send

    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    regions = [NewsRegion.UK, NewsRegion.UK, NewsRegion.EUROPE, NewsRegion.INTERNATIONAL]

    def items_for(edition: Edition) -> list[EditionItem]:
        day = edition.issue_date
        return [
            EditionItem(
                edition=edition,
                section=regions[n % len(regions)],
                position=n * 10,
                headline=f"Council and charities respond to asylum hotel plan, story {n}",
                url=f"https://news.example.org/{day:%Y/%m/%d}/story-{n}",
                outlets="BBC, ITV and 4 others",
                summary="Charities said hundreds of people would be affected by the change.",
            )
            for n in range(1, ITEMS + 1)
        ]

    with transaction.atomic():
        past = Edition.objects.bulk_create(
            Edition(
                issue_date=today - datetime.timedelta(days=days),
                title=edition_title(today - datetime.timedelta(days=days)),
                intro="Good morning.",
                status=Edition.Status.SENT,
                published_at=now - datetime.timedelta(days=days),
            )
            for days in range(1, PAST_EDITIONS + 1)
        )
        EditionItem.objects.bulk_create([i for e in past for i in items_for(e)], batch_size=2000)
        edition = Edition.objects.create(
            issue_date=today,
            title=edition_title(today),
            intro="A busy weekend in the Channel, and a court ruling on pushbacks.",
            status=Edition.Status.APPROVED,
        )
        EditionItem.objects.bulk_create(items_for(edition))
    # Sent as the worker sends: the ledger for every subscriber, each row marked sent,
    # then the send finished, which publishes the edition.
    send = delivery.send_schedule(edition=edition, actor=None, send_at=now, enqueue=False)
    Recipient.objects.filter(send=send).update(status=Recipient.Status.SENT, sent_at=now)
    if not ledger.send_finish_if_complete(send=send):
        raise SystemExit("The send did not finish.")
    recipients = Recipient.objects.filter(send=send).count()
    edition.refresh_from_db()
    if edition.status != Edition.Status.SENT or Send.objects.get().status != Send.Status.DONE:
        raise SystemExit("Today's edition was not published.")
    yesterday = today - datetime.timedelta(days=1)
    facts = {
        "edition_path": f"/news/archive/{today.year}/{today.month}/{today.day}/",
        "yesterday_path": f"/news/archive/{yesterday.year}/{yesterday.month}/{yesterday.day}/",
        "recipients": recipients,
        "seconds": round(time.perf_counter() - started, 1),
    }
    facts_path.write_text(json.dumps(facts), encoding="utf-8")
    print(json.dumps(facts))


# --- The readers ----------------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    planned: float  # when it was meant to be sent (monotonic)
    sent: float  # when it was sent
    seconds: float  # from sending to the whole answer
    error: str = ""

    @property
    def since_planned(self) -> float:
        """From when it was meant to be sent to the whole answer: what the reader waited."""
        return self.sent - self.planned + self.seconds


class Tokens:
    """Each one-click POST is for a subscriber no other POST named."""

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = list(reversed(tokens))
        self._lock = threading.Lock()

    def take(self) -> str:
        with self._lock:
            if not self._tokens:
                raise bench.BenchError("Out of subscribers to unsubscribe: raise --subscribers.")
            return self._tokens.pop()


def request_once(host: str, port: int, page: str, paths: dict[str, str], tokens: Tokens) -> str:
    """One visitor's request (no cookies: every reader is someone new); "" or an error."""
    body = None
    headers = {}
    if page == "one-click unsubscribe":
        path = f"/news/unsubscribe/{tokens.take()}/"
        body = b"List-Unsubscribe=One-Click"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        path = paths[page]
    method = "POST" if body else "GET"
    try:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            answer, status = response.read(), response.status
        finally:
            conn.close()
    except OSError as exc:
        return f"{type(exc).__name__}: {exc}"
    if status != 200:
        return f"{method} {path} answered {status}"
    expected = {
        "one-click unsubscribe": b"You are unsubscribed",
        "sign-up page": b'name="csrfmiddlewaretoken"',
        "archive: today's edition": b"story 20",
        "archive: index": b"Migration news round-up",
    }[page]
    if expected not in answer:
        return f"{path} did not show {expected.decode()!r}"
    return ""


def warm_up(base_url: str, yesterday_path: str) -> None:
    """Load every worker's templates and code with pages the burst does not ask for."""
    client = bench.Client(base_url)
    for _ in range(10):
        for path, status in [
            (yesterday_path, 200),
            ("/news/privacy/", 200),
            ("/news/unsubscribe/not-a-subscriber/", 404),
        ]:
            answer = client.request(path)
            if answer.status != status:
                raise bench.BenchError(f"Warming up: GET {path} answered {answer.status}")


def burst(
    base_url: str,
    paths: dict[str, str],
    tokens: Tokens,
    *,
    readers: int,
    rate: float,
    duration: float,
    connections: int,
) -> tuple[list[Sample], float]:
    """Open load: reader i asks at start + (i + k·readers) / rate, for k = 0, 1, …

    One thread follows the readers' plan and hands each request, at its time, to a pool
    of `connections` threads that send it (many sleeping threads cost this process far
    more CPU than the requests). When every connection is busy, a request waits here:
    its time counts from when it was planned, and it is counted as late.
    """
    parts = urllib.parse.urlsplit(base_url)
    host, port = parts.hostname or bench.HOST, parts.port or 80
    rng = random.Random(20260701)
    start = time.monotonic() + 1.0
    plan = sorted(
        start + (reader + k * readers) / rate
        for reader in range(readers)
        for k in range(math.ceil(duration * rate / readers))
        if (reader + k * readers) / rate < duration
    )
    pages = rng.choices(list(MIX), list(MIX.values()), k=len(plan))
    work: queue.SimpleQueue[tuple[float, str] | None] = queue.SimpleQueue()
    samples: list[Sample] = []
    lock = threading.Lock()

    def sender() -> None:
        mine = []
        while (job := work.get()) is not None:
            planned, page = job
            sent = time.monotonic()
            error = request_once(host, port, page, paths, tokens)
            mine.append(Sample(page, planned, sent, time.monotonic() - sent, error))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for planned, page in zip(plan, pages, strict=True):
        wait = planned - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        work.put((planned, page))
    for _ in threads:
        work.put(None)
    for t in threads:
        t.join()
    finished = max((s.sent + s.seconds for s in samples), default=start + duration)
    return samples, finished - start


def server_times(log_path: Path, paths: dict[str, str]) -> dict[str, list[float]]:
    """Each page's requests as the server timed them (from a worker taking it to the end)."""
    pages = {path: page for page, path in paths.items()}
    times: dict[str, list[float]] = defaultdict(list)
    for _method, path, _status, ms in bench.request_times(log_path):
        if path.startswith("/news/unsubscribe/"):
            times["one-click unsubscribe"].append(ms)
        elif path in pages:
            times[pages[path]].append(ms)
    times["all"] = [ms for page in MIX for ms in times[page]]
    return times


@dataclass
class Row:
    page: str
    offered_per_s: float
    achieved_per_s: float
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    server_p50_ms: float
    server_p99_ms: float
    late: int
    errors: int


def rows_for(
    samples: list[Sample], seconds: float, rate: float, server: dict[str, list[float]]
) -> list[Row]:
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_page[s.page].append(s)
    total = sum(MIX.values())
    rows = []
    for page, share in [*MIX.items(), ("all", total)]:
        mine = samples if page == "all" else by_page.get(page, [])
        ok = sorted(s.since_planned * 1000 for s in mine if not s.error) or [float("nan")]
        served = sorted(server.get(page, [])) or [float("nan")]
        rows.append(
            Row(
                page=page,
                offered_per_s=round(rate * share / total, 1),
                achieved_per_s=round(sum(1 for s in mine if not s.error) / seconds, 1),
                requests=len(mine),
                p50_ms=round(bench.percentile(ok, 0.50), 1),
                p95_ms=round(bench.percentile(ok, 0.95), 1),
                p99_ms=round(bench.percentile(ok, 0.99), 1),
                max_ms=round(ok[-1], 1),
                server_p50_ms=round(bench.percentile(served, 0.50), 1),
                server_p99_ms=round(bench.percentile(served, 0.99), 1),
                late=sum(1 for s in mine if (s.sent - s.planned) * 1000 > LATE_MS),
                errors=sum(1 for s in mine if s.error),
            )
        )
    return rows


def print_table(rows: list[Row]) -> None:
    headers = ["page", "offered/s", "achieved/s", "requests", "p50 ms", "p95 ms", "p99 ms"]
    headers += ["max ms", "server p50", "server p99", "late", "errors"]
    bench.print_rows(
        headers,
        [
            [
                r.page,
                f"{r.offered_per_s:.1f}",
                f"{r.achieved_per_s:.1f}",
                str(r.requests),
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
                f"{r.p99_ms:.1f}",
                f"{r.max_ms:.1f}",
                f"{r.server_p50_ms:.1f}",
                f"{r.server_p99_ms:.1f}",
                str(r.late),
                str(r.errors),
            ]
            for r in rows
        ],
    )


# --- Main ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/public_burst.py",
        description="The archive, sign-up and one-click unsubscribe right after a send.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--readers", type=int, default=200, help="readers at once")
    parser.add_argument("--rate", type=float, default=100.0, help="requests a second offered")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of burst")
    parser.add_argument("--subscribers", type=int, default=20_000, help="the send's recipients")
    parser.add_argument(
        "--connections", type=int, default=50, help="requests the load generator has open at once"
    )
    parser.add_argument("--workers", type=int, default=2, help="web server worker processes")
    parser.add_argument(
        "--goal-ms", type=float, default=UNSUBSCRIBE_GOAL_MS, help="unsubscribe p99"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    # Internal: the steps that run inside the server's environment.
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tokens", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--facts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("readers", "subscribers", "workers", "connections"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.rate <= 0 or args.duration <= 0:
        parser.error("--rate and --duration must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    if args.load is not None:
        load(args.load, args.sample, args.tokens, args.facts)
        return 0
    if args.count:
        unsubscribe_bench.count()
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-burst-"))
    data_dir = tmp / "data"
    server: bench.Server | None = None
    db: bench.Database | None = None
    created = False
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        with bench.stop_on_sigterm():
            db = bench.database_for(args.database_url, data_dir)
            print(
                f"Public burst benchmark: {db.describe()}, {args.readers} readers offering "
                f"{args.rate:g} requests/s for {args.duration:g} s, {args.workers} workers; "
                f"load average at start {bench.load_average()}"
            )
            bench.create_database(db)
            created = True
            env = bench.server_env(db, data_dir, None)
            bench.run_step(
                "Migrating",
                [sys.executable, "-m", "chorus.cli", "manage", "migrate", "--noinput"],
                env,
            )
            unsubscribes = MIX["one-click unsubscribe"] / sum(MIX.values())
            sample = int(args.rate * args.duration * unsubscribes * 1.3) + 100
            tokens_path, facts_path = tmp / "tokens.json", tmp / "facts.json"
            out, _ = bench.run_step(
                "Loading subscribers and the archive, sending today's edition",
                [*me, "--load", str(args.subscribers), "--sample", str(sample)]
                + ["--tokens", str(tokens_path), "--facts", str(facts_path)],
                env,
            )
            facts = json.loads(facts_path.read_text(encoding="utf-8"))
            tokens = Tokens(json.loads(tokens_path.read_text(encoding="utf-8")))
            print(f"  today's edition sent to {facts['recipients']:,} subscribers")

            print(f"Starting the web server ({args.workers} workers)…", end=" ", flush=True)
            began = time.perf_counter()
            log_path = tmp / "server.log"
            server = bench.start_server(bench.with_request_times(env), args.workers, log_path)
            print(f"{time.perf_counter() - began:.1f} s, {server.base_url}")
            paths = {
                "archive: today's edition": facts["edition_path"],
                "archive: index": "/news/archive/",
                "sign-up page": "/news/subscribe/",
            }

            warm_up(server.base_url, facts["yesterday_path"])
            print(f"Burst: {args.readers} readers for {args.duration:g} s…", flush=True)
            meter = bench.CpuMeter(server.process.pid, db)
            meter.start()
            load_started = bench.load_average()
            samples, seconds = burst(
                server.base_url,
                paths,
                tokens,
                readers=args.readers,
                rate=args.rate,
                duration=args.duration,
                connections=args.connections,
            )
            cpu = meter.stop()
            load_ended = bench.load_average()

            out, _ = bench.run_step("Checking the database", [*me, "--count"], env)
            counts = json.loads(out.strip().splitlines()[-1])
            done = sum(1 for s in samples if s.page == "one-click unsubscribe" and not s.error)
            # roundup_unsubscribe's loader suppressed no one it hands out; nobody else
            # unsubscribed: every new unsubscribe is one of the POSTs.
            stored_ok = counts == {"unsubscribed": done, "unsubscribe_suppressions": done}

            rows = rows_for(samples, seconds, args.rate, server_times(log_path, paths))
            print()
            print_table(rows)
            unsub = next(r for r in rows if r.page == "one-click unsubscribe")
            total = rows[-1]
            print(
                f"\nOffered {args.rate:g} requests/s for {args.duration:g} s; achieved "
                f"{total.achieved_per_s:.1f}/s ({total.requests} requests in {seconds:.1f} s), "
                f"{total.errors} errors, {total.late} sent more than {LATE_MS:g} ms late."
            )
            print(
                f"One-click unsubscribe p99 {unsub.p99_ms:.1f} ms (goal ≤ {args.goal_ms:g} ms on "
                f"PostgreSQL): {'PASS' if unsub.p99_ms <= args.goal_ms else 'FAIL'}. "
                f"Database: {counts['unsubscribed']} unsubscribed, "
                f"{counts['unsubscribe_suppressions']} suppressions, for {done} POSTs "
                + ("(as expected)." if stored_ok else "— NOT as expected!")
            )
            bench.print_cpu(cpu, db)
            print(
                f"Load average: {load_started} at the start of the burst, {load_ended} at the end."
            )
            errors = [s for s in samples if s.error]
            for s in errors[:5]:
                print(f"  error on {s.page}: {s.error[:300]}")

            report = {
                "engine": db.engine,
                "database": db.describe(),
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "commit": bench.git_commit(),
                "machine": f"{os.uname().sysname} {os.uname().machine}, {os.cpu_count()} CPUs",
                "workers": args.workers,
                "readers": args.readers,
                "rate": args.rate,
                "duration_seconds": args.duration,
                "recipients": facts["recipients"],
                "cpu": cpu,
                "load_average": {"start": load_started, "end": load_ended},
                "database_check": counts,
                "pages": [r.__dict__ for r in rows],
            }
            bench.RESULTS_DIR.mkdir(exist_ok=True)
            out_path = bench.RESULTS_DIR / f"public-burst-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            print(f"Figures saved to {out_path.relative_to(BENCH_DIR.parent)}.")
            failed = errors or not stored_ok or unsub.p99_ms > args.goal_ms
            return 1 if failed and args.strict else 0
    except bench.BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        if server is not None:
            print(f"\nLast lines of the server log:\n{server.log_tail()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        print(f"Load average at the end: {bench.load_average()}")
        if args.keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                bench.drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    sys.exit(main())
