"""Benchmark: the training pages and the dashboard's training figures, over HTTP.

    .venv/bin/python bench/training.py [--database-url URL] [--requests 200]
    .venv/bin/python bench/training.py --database-url postgres://postgres@127.0.0.1:5432/chorus_bench

Builds a throwaway database (SQLite in a temporary folder by default), fills it with five
financial years of invented training and events (masterclasses, bespoke sessions with
head counts, regional days, comms meetings and panels, registrations with encrypted
names, feedback) and one upcoming masterclass with 500 registrations, starts the
production web server and times, signed in as a co-ordinator (who sees attendee names):

- the sessions list (`/training/`);
- the page of the session with 500 registrations (its first page of 50 names, decrypted);
- the dashboard over all five years (every indicator, the training and events ones
  with data behind them).

Prints p50/p95/max per page against the goal (p95 ≤ 100 ms) and writes the figures to
bench/results/training-<engine>.json. The database, server and sign-in helpers are
bench/run.py's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
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
    data_range,
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

SEED = 20261207
BIG_SESSION_REGISTRATIONS = 500
FIRST = ["Maren", "Tobin", "Priya", "Callum", "Ines", "Rowan", "Kwame", "Harriet", "Oskar", "Nadia"]
LAST = ["Holloway", "Achterberg", "Quist", "Penrose", "Varga", "Ellery", "Oduya", "Thwaite"]


# --- Loading (run in a subprocess with the benchmark's environment) ---------------------------


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    from django.utils import timezone

    return datetime.datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()
    )


def load(
    *, start: datetime.date, end: datetime.date, username: str, password: str
) -> dict[str, int]:
    from django.db import transaction

    from chorus.accounts.models import User
    from chorus.accounts.roles import Role
    from chorus.people.models import Organisation, Region
    from chorus.training.models import (
        Course,
        CourseKind,
        Feedback,
        HeadCount,
        Registration,
        Session,
    )
    from chorus.training.registrations import email_hash

    rng = random.Random(SEED)
    with transaction.atomic():
        User.objects.create_user(username=username, password=password, role=Role.COORDINATOR)
        regions = [Region.objects.create(name=f"Bench region {n}") for n in range(8)]
        clients = Organisation.objects.bulk_create(
            [Organisation(name=f"Bench client {n}") for n in range(120)]
        )
        courses = {
            kind: Course.objects.create(title=f"Bench {label}", kind=kind)
            for kind, label in CourseKind.choices
        }
        sessions: list[Session] = []
        plan = {
            CourseKind.MASTERCLASS: 24,
            CourseKind.BESPOKE: 30,
            CourseKind.REGIONAL: 4,
            CourseKind.COMMS_MEETING: 12,
            CourseKind.PANEL: 4,
        }
        days = (end - start).days
        for kind, per_year in plan.items():
            for index in range(per_year * 5):
                day = start + datetime.timedelta(days=rng.randrange(days))
                begins = _at(day, 10)
                sessions.append(
                    Session(
                        course=courses[kind],
                        starts_at=begins,
                        ends_at=begins + datetime.timedelta(hours=3),
                        capacity=40,
                        client=clients[index % len(clients)]
                        if kind == CourseKind.BESPOKE
                        else None,
                        fee=500 if kind == CourseKind.BESPOKE else None,
                        region=regions[index % len(regions)]
                        if kind == CourseKind.REGIONAL
                        else None,
                        feedback_token=secrets.token_urlsafe(32),
                    )
                )
        upcoming = _at(datetime.date.today() + datetime.timedelta(days=20), 10)  # noqa: DTZ011
        big = Session(
            course=courses[CourseKind.MASTERCLASS],
            title="Bench masterclass with 500 registrations",
            starts_at=upcoming,
            ends_at=upcoming + datetime.timedelta(hours=3),
            capacity=450,
            is_public=True,
            feedback_token=secrets.token_urlsafe(32),
        )
        sessions.append(big)
        Session.objects.bulk_create(sessions, batch_size=500)
        registrations: list[Registration] = []
        counts: list[HeadCount] = []
        feedback: list[Feedback] = []
        people = 0

        def person() -> tuple[str, str]:
            nonlocal people
            people += 1
            first, last = rng.choice(FIRST), rng.choice(LAST)
            return f"{first} {last}", f"{first}.{last}.{people % 3000}@example.org".lower()

        for session in sessions:
            past = session is not big
            named = BIG_SESSION_REGISTRATIONS if not past else rng.randint(5, 30)
            for index in range(named):
                name, email = person()
                if past:
                    status = rng.choices(["attended", "no_show", "cancelled"], [8, 1, 1])[0]
                else:
                    status = "registered" if index < 450 else "waiting"
                digest = email_hash(email)
                registrations.append(
                    Registration(
                        session=session,
                        status=status,
                        source="web",
                        name=name,
                        email=email,
                        email_hash=digest,
                        identity_key=f"e:{digest}",
                        token=secrets.token_urlsafe(32),
                    )
                )
            if past:
                counts.append(
                    HeadCount(session=session, attendee_kind="sector", count=rng.randint(0, 25))
                )
                for _ in range(rng.randint(0, 10)):
                    before = rng.randint(1, 4)
                    feedback.append(
                        Feedback(
                            session=session,
                            confidence_before=before,
                            confidence_after=min(5, before + rng.randint(0, 2)),
                        )
                    )
        Registration.objects.bulk_create(registrations, batch_size=1000)
        HeadCount.objects.bulk_create(counts, batch_size=1000)
        Feedback.objects.bulk_create(feedback, batch_size=1000)
    return {
        "sessions": len(sessions),
        "registrations": len(registrations),
        "head_counts": len(counts),
        "feedback": len(feedback),
        "big_session": big.pk,
    }


def load_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--start", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--end", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    import django

    django.setup()
    began = time.perf_counter()
    counts = load(start=args.start, end=args.end, username=args.username, password=args.password)
    loaded = time.perf_counter()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(json.dumps({"counts": counts, "load_seconds": round(loaded - began, 2)}))
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
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--load" in argv:
        return load_main(argv)
    args = parse_args(argv)
    start_month = int(os.environ.get("CHORUS_FINANCIAL_YEAR_START_MONTH", "7"))
    start, end = data_range(datetime.date.today(), start_month)  # noqa: DTZ011
    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-training-"))
    data_dir = tmp / "data"
    server: Server | None = None
    db: Database | None = None
    created = False
    try:
        with stop_on_sigterm():
            db = database_for(args.database_url, data_dir)
            print(f"Training benchmark: {db.describe()}, sessions from {start} to {end}")
            create_database(db)
            created = True
            env = server_env(db, data_dir, None)
            python = sys.executable
            run_step(
                "Migrating", [python, "-m", "chorus.cli", "manage", "migrate", "--noinput"], env
            )
            password = secrets.token_urlsafe(24)
            load_args = [python, str(BENCH_DIR / "training.py"), "--load", "--start", str(start)]
            load_args += ["--end", str(end), "--username", USERNAME, "--password", password]
            out, _ = run_step("Loading data", load_args, env)
            summary: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
            counts = summary["counts"]
            print(f"  loaded in {summary['load_seconds']} s: {counts}")
            measured = [
                Page("training sessions list", "/training/"),
                Page(
                    f"session page, {BIG_SESSION_REGISTRATIONS} registrations",
                    f"/training/sessions/{counts['big_session']}/",
                ),
                Page("dashboard (five years)", f"/?date_from={start}&date_to={end}"),
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
                "data": {"from": str(start), "to": str(end), **counts},
                "pages": [asdict(r) for r in results],
            }
            RESULTS_DIR.mkdir(exist_ok=True)
            out_path = RESULTS_DIR / f"training-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            failed = [r for r in results if not r.passed]
            print(f"\n{len(results) - len(failed)} of {len(results)} pages meet the goal.")
            return 1 if failed and args.strict else 0
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
