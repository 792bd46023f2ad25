"""Benchmark: importing Meta Business Suite's per-post export, and the posts list over HTTP.

    .venv/bin/python bench/social.py [--database-url URL] [--rows 10000] [--posts 20000]

Builds a throwaway database (SQLite in a temporary folder by default) and, in one
subprocess: times the import of an invented {rows}-row Meta export (pre-April-2025
columns) through the import framework, as `chorus import meta-posts` runs it (goal
≤ 5 s), then adds invented posts up to {posts} in all, a tenth featuring lived-experience
storytelling. Then starts the production web server and times, signed in as a
co-ordinator, the posts list (first page, a search, a filtered later page) against the
goal (p95 ≤ 100 ms). Writes the figures to bench/results/social-<engine>.json. The
database, server and sign-in helpers are bench/run.py's.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from run import (
    BENCH_DIR,
    RESULTS_DIR,
    USERNAME,
    BenchError,
    Client,
    Database,
    Page,
    Server,
    count_queries,
    create_database,
    database_for,
    drop_database,
    measure_pages,
    print_table,
    run_facts,
    run_step,
    server_env,
    sign_in,
    start_server,
    stop_on_sigterm,
)

IMPORT_GOAL_S = 5.0
HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description",
    "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
    "Impressions", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves", "Plays",
]  # fmt: skip


# --- Loading (run in a subprocess with the benchmark's environment) ---------------------------


def export_csv(rows: int) -> bytes:
    """An invented pre-April-2025 export: month-first times, quoted thousands."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    start = datetime.datetime(2022, 7, 1, 9, 0)  # noqa: DTZ001 (written as text, month first)
    for n in range(rows):
        when = start + datetime.timedelta(minutes=53 * n)
        reel = n % 3 == 1
        reach = 400 + (n * 37) % 4000
        writer.writerow(
            [
                str(17900000000000000 + n), "17841400000000001", "bench_journeys", "Bench",
                f"Bench journey {n} #BenchJourneys", "30" if reel else "0",
                when.strftime("%m/%d/%Y %H:%M"), f"https://www.instagram.com/p/BENCH{n:06d}/",
                "IG reel" if reel else "IG image", "", "07/05/2025",
                "" if reel else f"{reach * 13 // 10:,}", f"{reach:,}", str(n % 90), str(n % 11),
                str(n % 4), str(n % 13), str(n % 17), f"{reach * 12 // 10:,}" if reel else "",
            ]
        )  # fmt: skip
    return out.getvalue().encode()


def load(*, rows: int, posts: int, username: str, password: str) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from chorus.accounts.models import User
    from chorus.accounts.roles import Role
    from chorus.lib.imports.services import import_file_run
    from chorus.social.models import Account, Post

    User.objects.create_user(username=username, password=password, role=Role.COORDINATOR)
    data = export_csv(rows)
    began = time.perf_counter()
    outcome = import_file_run(actor=None, kind="meta-posts", name="bench.csv", data=data)
    import_seconds = round(time.perf_counter() - began, 2)
    if outcome.errors or outcome.created != rows:
        raise SystemExit(f"The import did not take every row: {outcome.as_dict()}")
    account = Account.objects.get(handle="bench_journeys")
    tz = timezone.get_current_timezone()
    start = datetime.datetime(2020, 1, 1, 12, tzinfo=tz)
    extra = [
        Post(
            account=account,
            published_at=start + datetime.timedelta(hours=7 * n),
            kind=("image", "reel", "carousel", "story")[n % 4],
            caption=f"Bench journey {n + rows} #BenchJourneys",
            lived_experience=n % 10 == 0,
        )
        for n in range(max(posts - rows, 0))
    ]
    with transaction.atomic():
        Post.objects.bulk_create(extra, batch_size=2000)
    return {"posts": Post.objects.count(), "import_seconds": import_seconds}


def load_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    import django

    django.setup()
    began = time.perf_counter()
    counts = load(rows=args.rows, posts=args.posts, username=args.username, password=args.password)
    loaded = time.perf_counter()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    import_seconds = counts.pop("import_seconds")
    print(
        json.dumps(
            {
                "counts": counts,
                "import_seconds": import_seconds,
                "load_seconds": round(loaded - began, 2),
            }
        )
    )
    return 0


# --- Measuring --------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--goal-ms", type=float, default=100.0)
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the Meta export")
    parser.add_argument("--posts", type=int, default=20_000, help="posts in the database")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--load" in argv:
        return load_main(argv)
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-social-"))
    data_dir = tmp / "data"
    server: Server | None = None
    db: Database | None = None
    created = False
    try:
        with stop_on_sigterm():
            db = database_for(args.database_url, data_dir)
            print(f"Social benchmark: {db.describe()}")
            create_database(db)
            created = True
            env = server_env(db, data_dir, None)
            python = sys.executable
            run_step(
                "Migrating", [python, "-m", "chorus.cli", "manage", "migrate", "--noinput"], env
            )
            password = secrets.token_urlsafe(24)
            load_args = [python, str(BENCH_DIR / "social.py"), "--load", "--rows", str(args.rows)]
            load_args += [
                "--posts",
                str(args.posts),
                "--username",
                USERNAME,
                "--password",
                password,
            ]
            out, _ = run_step("Loading data", load_args, env)
            summary: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
            counts = summary["counts"]
            print(
                f"  import of a {args.rows:,}-row Meta export: {summary['import_seconds']} s "
                f"(goal ≤ {IMPORT_GOAL_S} s); loaded in {summary['load_seconds']} s: {counts}"
            )
            measured = [
                Page(f"posts list, {counts['posts']:,} posts", "/social/"),
                Page("posts list, searched", "/social/?q=journey+4242"),
                Page("posts list, storytelling only", "/social/?storytelling=yes&page=50"),
            ]
            queries = count_queries(env, [p.path for p in measured])
            server = start_server(env, args.workers, tmp / "server.log")
            client = Client(server.base_url)
            sign_in(client, USERNAME, password)
            results = measure_pages(client, measured, args, queries)
            print()
            print_table(results, args.goal_ms)
            report = {
                **run_facts(db, args),
                "data": counts,
                "import": {
                    "rows": args.rows,
                    "seconds": summary["import_seconds"],
                    "goal_seconds": IMPORT_GOAL_S,
                    "passed": summary["import_seconds"] <= IMPORT_GOAL_S,
                },
                "pages": [asdict(r) for r in results],
            }
            RESULTS_DIR.mkdir(exist_ok=True)
            out_path = RESULTS_DIR / f"social-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            failed = [r for r in results if not r.passed]
            print(f"\n{len(results) - len(failed)} of {len(results)} pages meet the goal.")
            slow_import = summary["import_seconds"] > IMPORT_GOAL_S
            return 1 if (failed or slow_import) and args.strict else 0
    except BenchError as exc:
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
            print(f"Kept: {tmp}")
        else:
            if db is not None and created:
                drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
