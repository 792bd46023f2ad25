"""Benchmark: the round-up's one-click unsubscribe POST, over HTTP, with 100,000 subscribers.

    .venv/bin/python bench/roundup_unsubscribe.py [--database-url URL] [--subscribers 100000]
        [--requests 500] [--warmup 50] [--concurrency 1] [--workers 2]

Builds a throwaway database (SQLite in a temporary folder by default, or the local
PostgreSQL database named in --database-url, which must contain "bench" and is dropped),
bulk-inserts the subscribers, starts the production web server (`chorus serve`, with
bench/run.py's helpers and settings), and sends RFC 8058 one-click POSTs
("List-Unsubscribe=One-Click", no cookie, no CSRF token), each for a different
subscriber, as a mail provider does. Every answer must be a 200 saying the subscriber
is unsubscribed; afterwards the database must hold exactly that many unsubscribed
subscribers and suppressions. Prints p50/p95/p99/max against the goal (p99 ≤ 200 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run as bench  # noqa: E402  (bench/run.py: server, database and timing helpers)

GOAL_MS = 200.0
BATCH = 5000
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


# --- Inside the server's environment (a subprocess) -------------------------------------


def _django() -> None:
    import django

    django.setup()


def load(subscribers: int, sample: int, tokens_path: Path) -> None:
    """Bulk-insert confirmed subscribers (2% already suppressed); keep `sample` tokens."""
    _django()
    from django.db import connection, transaction
    from django.utils import timezone

    from chorus.roundup.models import Subscriber, Suppression

    if Subscriber.objects.exists():
        raise SystemExit("The benchmark database already has subscribers: refusing to load.")
    started = time.perf_counter()
    now = timezone.now()
    tokens: list[str] = []
    with transaction.atomic():
        for first in range(0, subscribers, BATCH):
            rows = []
            for n in range(first, min(first + BATCH, subscribers)):
                token = secrets.token_urlsafe(24)
                suppressed = n % 50 == 49
                rows.append(
                    Subscriber(
                        email=f"reader{n:06d}@example.org",
                        name=f"Reader {n}",
                        token=token,
                        status=(
                            Subscriber.Status.SUPPRESSED
                            if suppressed
                            else Subscriber.Status.CONFIRMED
                        ),
                        sections=[] if n % 3 else ["uk"],
                        confirmed_at=now,
                    )
                )
                if not suppressed and len(tokens) < sample and n % 7 == 0:
                    tokens.append(token)
            Subscriber.objects.bulk_create(rows, batch_size=BATCH)
        Suppression.objects.bulk_create(
            [
                Suppression(email=f"reader{n:06d}@example.org", reason="hard_bounce")
                for n in range(49, subscribers, 50)
            ],
            batch_size=BATCH,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if len(tokens) < sample:
        raise SystemExit(f"Only {len(tokens)} subscribers to unsubscribe; use more subscribers.")
    tokens_path.write_text(json.dumps(tokens), encoding="utf-8")
    print(
        json.dumps({"subscribers": subscribers, "seconds": round(time.perf_counter() - started, 1)})
    )


def count() -> None:
    _django()
    from chorus.roundup.models import Subscriber, Suppression

    print(
        json.dumps(
            {
                "unsubscribed": Subscriber.objects.filter(status="unsubscribed").count(),
                "unsubscribe_suppressions": Suppression.objects.filter(
                    reason="unsubscribed"
                ).count(),
            }
        )
    )


# --- The benchmark ------------------------------------------------------------------------


def unsubscribe_once(base_url: str, token: str) -> float:
    client = bench.Client(base_url)  # a provider's POST carries no cookie
    answer = client.request(f"/news/unsubscribe/{token}/", ONE_CLICK)
    if answer.status != 200 or b"You are unsubscribed" not in answer.body:
        raise bench.BenchError(
            f"POST /news/unsubscribe/…/ answered {answer.status}:\n{answer.snippet()}"
        )
    return answer.seconds * 1000


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/roundup_unsubscribe.py",
        description="Time one-click unsubscribe POSTs over HTTP on a large subscriber list.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=500, help="timed POSTs")
    parser.add_argument("--warmup", type=int, default=50, help="untimed POSTs first")
    parser.add_argument(
        "--concurrency", type=int, default=1, help="POSTs in flight at once (a burst)"
    )
    parser.add_argument("--workers", type=int, default=2, help="web server worker processes")
    parser.add_argument("--goal-ms", type=float, default=GOAL_MS, help="p99 goal")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    # Internal: the steps that run inside the server's environment.
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tokens", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("subscribers", "requests", "concurrency", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.load is not None:
        load(args.load, args.sample, args.tokens)
        return 0
    if args.count:
        count()
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-unsubscribe-"))
    data_dir = tmp / "data"
    server: bench.Server | None = None
    db: bench.Database | None = None
    created = False
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        with bench.stop_on_sigterm():
            db = bench.database_for(args.database_url, data_dir)
            print(
                f"Round-up unsubscribe benchmark: {db.describe()}, {args.subscribers:,} "
                f"subscribers, {args.requests} timed one-click POSTs "
                f"(concurrency {args.concurrency}, {args.workers} workers)"
            )
            bench.create_database(db)
            created = True
            env = bench.server_env(db, data_dir, None)
            python = sys.executable
            bench.run_step(
                "Migrating", [python, "-m", "chorus.cli", "manage", "migrate", "--noinput"], env
            )
            tokens_path = tmp / "tokens.json"
            sample = args.warmup + args.requests
            out, _ = bench.run_step(
                "Loading subscribers",
                [*me, "--load", str(args.subscribers), "--sample", str(sample)]
                + ["--tokens", str(tokens_path)],
                env,
            )
            print(f"  {out.strip().splitlines()[-1]}")
            tokens = json.loads(tokens_path.read_text(encoding="utf-8"))

            print(f"Starting the web server ({args.workers} workers)…", end=" ", flush=True)
            began = time.perf_counter()
            server = bench.start_server(env, args.workers, tmp / "server.log")
            print(f"{time.perf_counter() - began:.1f} s, {server.base_url}")
            base_url = server.base_url

            baseline = bench.measure(
                bench.Client(base_url), bench.BASELINE, 100, 10, args.goal_ms, 0
            )
            warm, timed = tokens[: args.warmup], tokens[args.warmup :]
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                list(pool.map(lambda t: unsubscribe_once(base_url, t), warm))
                started = time.perf_counter()
                timings = sorted(pool.map(lambda t: unsubscribe_once(base_url, t), timed))
                elapsed = time.perf_counter() - started

            out, _ = bench.run_step("Checking the database", [*me, "--count"], env)
            counts = json.loads(out.strip().splitlines()[-1])
            if counts != {"unsubscribed": sample, "unsubscribe_suppressions": sample}:
                raise bench.BenchError(f"Expected {sample} unsubscribed, found {counts}")

            p99 = bench.percentile(timings, 0.99)
            passed = p99 <= args.goal_ms
            print()
            print(
                f"one-click unsubscribe POST  requests {len(timings)}  "
                f"p50 {bench.percentile(timings, 0.50):.1f} ms  "
                f"p95 {bench.percentile(timings, 0.95):.1f} ms  p99 {p99:.1f} ms  "
                f"max {timings[-1]:.1f} ms  mean {sum(timings) / len(timings):.1f} ms  "
                f"({len(timings) / elapsed:.0f}/s)  "
                f"p99 ≤ {args.goal_ms:g} ms: {'PASS' if passed else 'FAIL'}"
            )
            print(
                f"Baseline: {bench.BASELINE.path} p50 {baseline.p50_ms:.1f} ms, "
                f"p95 {baseline.p95_ms:.1f} ms (the server and the HTTP round trip alone)."
            )
            print(
                f"Database after the run: {counts['unsubscribed']} unsubscribed, "
                f"{counts['unsubscribe_suppressions']} suppressions (unsubscribed), as expected."
            )
            return 1 if args.strict and not passed else 0
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
        if args.keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                bench.drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    sys.exit(main())
