"""Benchmark: matching a journalist's request against thousands of storytellers, in-process.

    .venv/bin/python bench/matching.py [--storytellers 5000] [--runs 200] [--database-url URL]
    .venv/bin/python bench/matching.py --database-url postgres://postgres@127.0.0.1:5432/chorus_bench

Builds a throwaway database (SQLite in a temporary folder by default), migrates it and
fills it with invented storytellers (encrypted fields filled in, languages, themes,
consents with exclusions, safeguarding concerns, interpreters), then times
`chorus.media.matching.rank_storytellers(request)` in this process for a few different
requests, as the match page does: every storyteller ranked, the first page (50) explained
in words. Prints p50/p95/max per request against the goal (p95 ≤ 100 ms) and writes the
same figures to bench/results/matching-<engine>.json. See bench/README.md.

The database helpers (PostgreSQL URL checks, create and drop, the production-like
environment) are bench/run.py's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from load import FIRST_NAMES, REGION_TREE
from run import (
    RESULTS_DIR,
    BenchError,
    Database,
    create_database,
    database_for,
    drop_database,
    git_commit,
    percentile,
    print_table,
    server_env,
    stop_on_sigterm,
)

SEED = 20261122
BATCH = 2000
LANGUAGES = [
    "English",
    "Arabic",
    "Farsi",
    "Dari",
    "Pashto",
    "Kurdish",
    "Tigrinya",
    "Amharic",
    "Ukrainian",
    "French",
    "Somali",
    "Urdu",
]
OUTLET_KINDS = ["national_press", "regional_press", "tv", "radio", "online", "magazine", "podcast"]
MEDIA_TYPES = ["print", "online", "broadcast", "social", "podcast", "photo", "video"]
IDENTITY_LEVELS = ["anonymous", "pseudonym", "first_name", "named"]


@dataclass
class MatchTiming:
    """One request's figures. Field names follow bench/run.py's PageResult for print_table."""

    page: str
    path: str
    requests: int  # timed runs
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float
    queries: int | None
    considered: int
    fit: int
    held: int
    all_explained_p50_ms: float  # every storyteller explained, not only the first page
    cpu_p50_ms: float  # CPU time of this process: what the run costs when the machine is busy
    cpu_p95_ms: float
    passed: bool


# --- Data -------------------------------------------------------------------------------


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def load(storytellers: int) -> dict[str, int]:
    """Invented network of `storytellers` people, in one transaction with bulk inserts."""
    from django.db import transaction

    from chorus.media.models import AudienceSegment, Outlet
    from chorus.people.models import Organisation, Person, Region
    from chorus.voices.models import (
        Consent,
        Interpreter,
        SafeguardingConcern,
        StorytellerLanguage,
        StorytellerProfile,
        Theme,
    )

    rng = random.Random(SEED)
    today = _today()
    with transaction.atomic():
        parents = Region.objects.bulk_create([Region(name=name) for name in REGION_TREE])
        children = Region.objects.bulk_create(
            [Region(name=c, parent=p) for p in parents for c in REGION_TREE[p.name]]
        )
        regions = parents + children
        themes = list(Theme.objects.all())
        segments = list(AudienceSegment.objects.all())
        names = [
            (f"The Invented {kind.replace('_', ' ').title()} {i}", kind)
            for i, kind in enumerate(OUTLET_KINDS * 3)
        ]
        # Every outlet extends an organisation in the directory.
        organisations = Organisation.objects.bulk_create(
            [Organisation(name=name, kind="media") for name, _ in names]
        )
        outlets = Outlet.objects.bulk_create(
            [
                Outlet(name=name, kind=kind, segment=rng.choice(segments), organisation=org)
                for (name, kind), org in zip(names, organisations, strict=True)
            ]
        )
        Interpreter.objects.bulk_create(
            [
                Interpreter(name=f"Interpreter {i}", languages=", ".join(langs), is_active=active)
                for i, (langs, active) in enumerate(
                    [
                        (["Farsi", "Dari"], True),
                        (["Pashto"], True),
                        (["Arabic", "Kurdish"], True),
                        (["Tigrinya", "Amharic"], True),
                        (["Somali"], False),
                        (["Ukrainian"], True),
                    ]
                )
            ]
        )

        Person.objects.bulk_create(
            [
                Person(full_name=f"Storyteller S-{i:05d}", email="")
                for i in range(1, storytellers + 1)
            ],
            batch_size=BATCH,
        )
        person_ids = list(
            Person.objects.filter(full_name__startswith="Storyteller S-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        statuses = ["active"] * 85 + ["paused"] * 8 + ["left"] * 5 + ["erased"] * 2
        profiles = []
        for i, person_id in enumerate(person_ids, start=1):
            first = rng.choice(FIRST_NAMES)
            roll = rng.random()
            last_appearance = (
                today - datetime.timedelta(days=rng.randrange(0, 60))
                if roll < 0.3
                else today - datetime.timedelta(days=rng.randrange(60, 900))
                if roll < 0.7
                else None
            )
            profiles.append(
                StorytellerProfile(
                    person_id=person_id,
                    reference=f"S-{i:05d}",
                    legal_name=f"{first} Invented-{i}",
                    name_in_media=rng.choice(["first_name", "pseudonym", "anonymous"]),
                    media_name=first,
                    contact_details=f"07700 9{rng.randrange(10_000, 99_999)}",
                    country_of_origin=rng.choice(["Inventia", "Fictland", "Nowhere"]),
                    immigration_situation=rng.choice(["", "Refugee status", "Asylum seeker"]),
                    region=rng.choice(regions) if rng.random() < 0.9 else None,
                    media_training_done=rng.random() < 0.6,
                    experience=rng.choice(["new", "some", "experienced"]),
                    is_available=rng.random() < 0.85,
                    availability_note=rng.choice(["", "", "Evenings only", "Not in Ramadan"]),
                    last_media_appearance=last_appearance,
                    story_notes="Invented story notes for the benchmark.",
                    status=rng.choice(statuses),
                )
            )
        profiles = StorytellerProfile.objects.bulk_create(profiles, batch_size=BATCH)

        languages, theme_links, consents, concerns = [], [], [], []
        through = StorytellerProfile.themes.through
        for profile in profiles:
            spoken = rng.sample(LANGUAGES[1:], rng.randrange(1, 3))
            english = rng.choice(["basic", "conversational", "fluent", "native", None])
            for language in spoken:
                languages.append(
                    StorytellerLanguage(
                        storyteller=profile,
                        language=language,
                        level=rng.choice(["fluent", "native"]),
                        needs_interpreter=english in ("basic", None) and rng.random() < 0.7,
                    )
                )
            if english:
                languages.append(
                    StorytellerLanguage(storyteller=profile, language="English", level=english)
                )
            for theme in rng.sample(themes, rng.randrange(1, min(5, len(themes)))):
                theme_links.append(through(storytellerprofile=profile, theme=theme))
            for n in range(rng.randrange(1, 4)):
                given = today - datetime.timedelta(days=rng.randrange(30, 1500))
                consents.append(
                    Consent(
                        storyteller=profile,
                        given_on=given,
                        how=rng.choice(["written", "verbal", "recorded"]),
                        media_types=sorted(rng.sample(MEDIA_TYPES, rng.randrange(2, 7))),
                        identity_level=rng.choice(IDENTITY_LEVELS),
                        face_shown=rng.random() < 0.3,
                        excluded_outlet_kinds=["tv"] if rng.random() < 0.1 else [],
                        topics="Invented topics they agreed to talk about.",
                        expires_on=given + datetime.timedelta(days=730)
                        if rng.random() < 0.5
                        else None,
                        withdrawn_on=today - datetime.timedelta(days=5)
                        if n == 0 and rng.random() < 0.05
                        else None,
                    )
                )
            roll = rng.random()
            if roll < 0.10:
                concerns.append(
                    SafeguardingConcern(
                        storyteller=profile,
                        raised_on=today - datetime.timedelta(days=rng.randrange(1, 300)),
                        level=rng.choice(["low", "medium", "high"]),
                        status="open" if roll < 0.04 else "closed",
                        summary="Invented concern for the benchmark.",
                        notes="Invented notes.",
                    )
                )
        StorytellerLanguage.objects.bulk_create(languages, batch_size=BATCH)
        through.objects.bulk_create(theme_links, batch_size=BATCH)
        consents = Consent.objects.bulk_create(consents, batch_size=BATCH)
        SafeguardingConcern.objects.bulk_create(concerns, batch_size=BATCH)
        excluded_outlets = Consent.excluded_organisations.through
        outlet_rows, segment_rows = [], []
        hostile = next((s for s in segments if s.slug == "hostile-leaning"), segments[0])
        for consent in consents:
            if rng.random() < 0.2:
                for outlet in rng.sample(outlets, rng.randrange(1, 4)):
                    outlet_rows.append(
                        excluded_outlets(consent=consent, organisation_id=outlet.organisation_id)
                    )
            if rng.random() < 0.15:
                consent.excluded_audiences = [hostile.slug]
                segment_rows.append(consent)
        excluded_outlets.objects.bulk_create(outlet_rows, batch_size=BATCH)
        Consent.objects.bulk_update(segment_rows, ["excluded_audiences"], batch_size=BATCH)

    return {
        "storytellers": len(profiles),
        "languages": len(languages),
        "theme_links": len(theme_links),
        "consents": len(consents),
        "excluded_outlets": len(outlet_rows),
        "excluded_segments": len(segment_rows),
        "concerns": len(concerns),
    }


def make_requests() -> list[tuple[str, Any]]:
    """A few requests that exercise different paths through matching."""
    from chorus.media.models import JournalistRequest, Outlet
    from chorus.people.models import Region
    from chorus.voices.models import Theme

    today = _today()
    themes = list(Theme.objects.order_by("position", "name"))
    outlets = {o.kind: o for o in Outlet.objects.select_related("segment").order_by("pk")}
    stockton = Region.objects.get(name="Stockton-on-Tees")
    hackney = Region.objects.get(name="Hackney")
    specs = [
        (
            "any storyteller, online, anonymous",
            {"outlet": outlets["online"], "media_type": "online"},
            {"identity_level_acceptable": "anonymous"},
            [],
        ),
        (
            "English, Stockton, 2 themes, TV, first name",
            {"outlet": outlets["tv"], "media_type": "broadcast", "region": stockton},
            {"languages": ["English"], "identity_level_acceptable": "first_name"},
            themes[:2],
        ),
        (
            "Farsi or Dari (interpreters), face shown, video",
            {"outlet": outlets["online"], "media_type": "video", "face_needed": True},
            {"languages": ["Farsi", "Dari"], "identity_level_acceptable": "pseudonym"},
            themes[2:3],
        ),
        (
            "English or Arabic, Hackney, 3 themes, print, named",
            {"outlet": outlets["national_press"], "media_type": "print", "region": hackney},
            {"languages": ["English", "Arabic"], "identity_level_acceptable": "named"},
            themes[3:6],
        ),
    ]
    made = []
    for name, fields, needs, chosen in specs:
        request = JournalistRequest.objects.create(
            received_on=today,
            brief=f"Benchmark request: {name}",
            format="interview",
            **fields,
            **needs,
        )
        request.themes.set(chosen)
        made.append((name, request))
    return made


def analyse() -> None:
    """Planner statistics on PostgreSQL, as autovacuum would keep them (see bench/load.py)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- Measuring --------------------------------------------------------------------------


def measure(name: str, request: Any, runs: int, warmup: int, goal_ms: float) -> MatchTiming:
    """Time what the match page does: rank everyone, explain the first page of results."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chorus.media.matching import rank_storytellers
    from chorus.media.requests.views import MATCHES_PER_PAGE

    def match() -> list[Any]:
        return rank_storytellers(request, explain_first=MATCHES_PER_PAGE)

    for _ in range(warmup):
        match()
    with CaptureQueriesContext(connection) as captured:
        results = match()
    timings: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        match()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    cpu.sort()
    # For comparison: every storyteller explained in words, not just one page.
    explained_all: list[float] = []
    for _ in range(max(runs // 10, 5)):
        started = time.perf_counter()
        rank_storytellers(request)
        explained_all.append((time.perf_counter() - started) * 1000)
    explained_all.sort()
    p95 = percentile(timings, 0.95)
    return MatchTiming(
        page=name,
        path=f"request #{request.pk}",
        requests=runs,
        p50_ms=round(percentile(timings, 0.50), 1),
        p95_ms=round(p95, 1),
        max_ms=round(timings[-1], 1),
        mean_ms=round(sum(timings) / len(timings), 1),
        queries=len(captured.captured_queries),
        considered=len(results),
        fit=sum(1 for r in results if r.eligible and not r.held),
        held=sum(1 for r in results if r.eligible and r.held),
        all_explained_p50_ms=round(percentile(explained_all, 0.50), 1),
        cpu_p50_ms=round(percentile(cpu, 0.50), 1),
        cpu_p95_ms=round(percentile(cpu, 0.95), 1),
        passed=p95 <= goal_ms,
    )


# --- Main -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/matching.py",
        description="Time matching a request against thousands of storytellers, in-process.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (it is dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--storytellers", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200, help="timed runs per request")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs per request first")
    parser.add_argument("--goal-ms", type=float, default=100.0, help="p95 goal per request")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a request misses the goal"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and database afterwards"
    )
    args = parser.parse_args(argv)
    for name in ("storytellers", "runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-matching-"))
    data_dir = tmp / "data"
    data_dir.mkdir()
    db: Database | None = None
    created = False
    try:
        with stop_on_sigterm():
            db = database_for(args.database_url, data_dir)
            print(f"Chorus matching benchmark: {db.describe()}, {args.storytellers:,} storytellers")
            create_database(db)
            created = True
            # This process becomes the Django process: production-like settings, this database.
            os.environ.clear()
            os.environ.update(server_env(db, data_dir, None))
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connections

            print("Migrating…", end=" ", flush=True)
            began = time.perf_counter()
            call_command("migrate", interactive=False, verbosity=0)
            print(f"{time.perf_counter() - began:.1f} s")

            print("Loading data…", end=" ", flush=True)
            began = time.perf_counter()
            counts = load(args.storytellers)
            loaded = time.perf_counter() - began
            analyse()
            print(
                f"{loaded:.1f} s: "
                + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
            )

            results = []
            for name, request in make_requests():
                print(f"  {name}", flush=True)
                results.append(measure(name, request, args.runs, args.warmup, args.goal_ms))

            print()
            print_table(results, args.goal_ms)  # type: ignore[arg-type]
            print()
            for r in results:
                print(
                    f"{r.page}: {r.considered:,} considered, {r.fit:,} fit, {r.held:,} fit but "
                    f"held; CPU time p50 {r.cpu_p50_ms:.1f} ms, p95 {r.cpu_p95_ms:.1f} ms; "
                    f"with every storyteller explained (not one page) p50 "
                    f"{r.all_explained_p50_ms:.1f} ms"
                )
            load_average = os.getloadavg()[0]
            print(
                f"\nLoad average {load_average:.1f} on {os.cpu_count()} CPUs: wall-clock times "
                "include waiting for a CPU when other work runs; CPU time does not."
            )
            report = {
                "engine": db.engine,
                "database": db.describe(),
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "commit": git_commit(),
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                "goal_p95_ms": args.goal_ms,
                "load_average": round(os.getloadavg()[0], 2),
                "data": counts,
                "load_seconds": round(loaded, 2),
                "requests": [asdict(r) for r in results],
            }
            RESULTS_DIR.mkdir(exist_ok=True)
            out_path = RESULTS_DIR / f"matching-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            failed = [r for r in results if not r.passed]
            print(
                f"\n{len(results) - len(failed)} of {len(results)} requests meet the goal. "
                f"Figures saved to {out_path.relative_to(RESULTS_DIR.parent.parent)}."
            )
            connections.close_all()
            return 1 if failed and args.strict else 0
    except BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                _close_connections()
                drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


def _close_connections() -> None:
    # The database cannot be dropped while this process still holds a connection to it.
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
