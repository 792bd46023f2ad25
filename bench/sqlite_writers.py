"""Benchmark: one-click unsubscribes written by several processes at once into one SQLite file.

    .venv/bin/python bench/sqlite_writers.py [--processes 4] [--each 300] [--rounds 2]

SQLite has one writer at a time. This measures how long an unsubscribe waits for its
turn when several processes write at once (web workers, the task worker, the scheduler),
with Django's own SQLite backend and with Chorus's (`chorus.lib.sqlite`), which retries
BEGIN IMMEDIATE every millisecond instead of SQLite's busy handler, whose sleeps grow
to 100 ms. Both run the same code with the same settings (WAL, IMMEDIATE transactions,
a 20 s timeout), in alternate rounds so that other work on the machine falls on both.

Each process unsubscribes its own subscribers one after another as the web page does
(the subscriber read by token, then `subscriber_unsubscribe`: the status, the audit
entry and the suppression in one transaction), on a new connection each time as a web
request has on SQLite, with `--work-ms` of other CPU work between (rendering the answer).
Without HTTP and the web server's queue, the figures are the database's part alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import roundup_unsubscribe as unsubscribe_bench  # noqa: E402  (its subscriber loader)
import run as bench  # noqa: E402  (bench/run.py: database and timing helpers)

DJANGO, CHORUS = "django.db.backends.sqlite3", "chorus.lib.sqlite"
# What is compared: the backend, and whether a request's connection is closed after it
# (DATABASE_CONN_MAX_AGE 0, what Chorus did on SQLite) or kept for the next (60 s).
SETUPS = {
    "Django's backend, a connection per request": (DJANGO, 0),
    "Django's backend, connections kept": (DJANGO, 60),
    "Chorus's backend, a connection per request": (CHORUS, 0),
    "Chorus's backend, connections kept": (CHORUS, 60),
}


def writer(engine: str, tokens: list[str], start_at: float, work_ms: float, out: Path) -> None:
    """One process: unsubscribe each token in turn, timing each (a subprocess)."""
    import django
    from django.conf import settings

    settings.DATABASES["default"]["ENGINE"] = engine  # before anything connects
    django.setup()
    from django.db import close_old_connections, connections

    from chorus.roundup.models import Subscriber
    from chorus.roundup.subscribers import services

    timings = []
    time.sleep(max(0.0, start_at - time.time()))
    for token in tokens:
        started = time.perf_counter()
        subscriber = Subscriber.objects.get(token=token)
        services.subscriber_unsubscribe(subscriber=subscriber, how="one-click (benchmark)")
        close_old_connections()  # as Django does at the end of each web request
        timings.append((time.perf_counter() - started) * 1000)
        busy_until = time.perf_counter() + work_ms / 1000
        while time.perf_counter() < busy_until:
            pass
    measured = type(connections["default"]).__module__
    if measured != f"{engine}.base":
        raise SystemExit(f"Measured {measured}, not {engine}")
    out.write_text(json.dumps(timings), encoding="utf-8")


def one_round(
    setup: tuple[str, int], tokens: list[str], processes: int, work_ms: float, folder: Path
) -> list[float]:
    engine, conn_max_age = setup
    env = {**os.environ, "DATABASE_CONN_MAX_AGE": str(conn_max_age)}
    me = [sys.executable, str(Path(__file__).resolve())]
    start_at = time.time() + 3.0  # every process set up before the first write
    share = len(tokens) // processes
    running = []
    for n in range(processes):
        mine, out = folder / f"tokens-{n}.json", folder / f"timings-{n}.json"
        mine.write_text(json.dumps(tokens[n * share : (n + 1) * share]), encoding="utf-8")
        args = [*me, "--writer", engine, "--tokens", str(mine), "--out", str(out)]
        args += ["--start-at", str(start_at), "--work-ms", str(work_ms)]
        running.append((subprocess.Popen(args, env=env), out))  # noqa: S603
    timings: list[float] = []
    for process, out in running:
        if process.wait() != 0:
            raise bench.BenchError(f"A writer process failed ({process.returncode})")
        timings += json.loads(out.read_text(encoding="utf-8"))
    return sorted(timings)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/sqlite_writers.py",
        description="Unsubscribes from several processes at once into one SQLite file.",
    )
    parser.add_argument("--processes", type=int, default=4, help="writing processes at once")
    parser.add_argument("--each", type=int, default=300, help="unsubscribes per process, a round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each backend, alternated")
    parser.add_argument("--work-ms", type=float, default=5.0, help="other work between writes")
    parser.add_argument(
        "--subscribers", type=int, help="default: enough for every round (a seventh are used)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--writer", help=argparse.SUPPRESS)
    parser.add_argument("--tokens", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("processes", "each", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.writer:
        tokens = json.loads(args.tokens.read_text(encoding="utf-8"))
        writer(args.writer, tokens, args.start_at, args.work_ms, args.out)
        return 0

    def body(db: bench.Database) -> int:
        from django.core.management import call_command

        folder = Path(os.environ["CHORUS_DATA_DIR"])
        call_command("migrate", interactive=False, verbosity=0)
        needed = args.processes * args.each * args.rounds * len(SETUPS)
        tokens_path = folder / "tokens.json"
        unsubscribe_bench.load(args.subscribers or needed * 8, needed, tokens_path)
        tokens = json.loads(tokens_path.read_text(encoding="utf-8"))
        from django.db import connections

        connections.close_all()
        print(
            f"{args.processes} processes × {args.each} unsubscribes a round, {args.work_ms:g} ms "
            f"of other work between; load average at start {bench.load_average()}"
        )
        results: dict[str, list[float]] = {name: [] for name in SETUPS}
        batch = args.processes * args.each
        for n in range(args.rounds):
            for name, setup in SETUPS.items():
                mine, tokens = tokens[:batch], tokens[batch:]
                timings = one_round(setup, mine, args.processes, args.work_ms, folder)
                results[name] += timings
                print(
                    f"  round {n + 1}, {name}: p50 {bench.percentile(timings, 0.5):.1f} ms, "
                    f"p99 {bench.percentile(timings, 0.99):.1f} ms, max {timings[-1]:.1f} ms "
                    f"(load average {bench.load_average()})"
                )
        rows = []
        for name, timings in results.items():
            timings.sort()
            rows.append(
                [
                    name,
                    str(len(timings)),
                    *(f"{bench.percentile(timings, f):.1f}" for f in (0.50, 0.95, 0.99)),
                    f"{timings[-1]:.1f}",
                ]
            )
        print()
        bench.print_rows(
            ["unsubscribe, write included", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows
        )
        print(f"Load average at the end: {bench.load_average()}")
        return 0

    return bench.run_in_django(
        "SQLite writers benchmark",
        prefix="chorus-bench-writers-",
        database_url=None,
        keep=args.keep,
        body=body,
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    sys.exit(main())
