"""Benchmark: backup, verify and restore at bench scale (100,000 people).

    .venv/bin/python bench/backup.py [--database-url URL] [--people 100000]
        [--placements 10000] [--storytellers 5000] [--keep]

Builds a throwaway database (SQLite in a temporary folder, or the local PostgreSQL
database named in --database-url, whose name must contain "bench"; it is dropped, and
so is a second one, "<name>_restore", made to restore into), loads bench/load.py's data
(people, organisations, placements, storytellers with encrypted fields, the outreach
log), then runs each command as staff would, as its own process:

1. `chorus backup --output DIR`;
2. `chorus backup --verify FILE`;
3. `chorus restore FILE` into an empty data folder and an empty database.

For each it prints the wall-clock time (Django's start included), the time the command
reports for its own work, and the peak memory of the process; and the backup's size.
Figures go to bench/results/backup-<engine>.json.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run as bench  # noqa: E402  (bench/run.py: database, environment and process helpers)

# Runs a command and reports, on its last line of stderr, the peak memory of that
# command (RUSAGE_CHILDREN of a fresh process holds only the one child).
_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'PEAK_KIB {peak}', file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)
_SECONDS = re.compile(r" in ([0-9.]+) s\.")


@dataclass
class Step:
    name: str
    wall_seconds: float
    own_seconds: float | None
    peak_mib: float
    output: str


def timed(name: str, args: list[str], env: dict[str, str]) -> Step:
    print(f"{name}…", end=" ", flush=True)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own commands, fixed arguments
        [sys.executable, "-c", _MEASURE, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print("failed")
        raise bench.BenchError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    peak = next(
        int(line.split()[1])
        for line in reversed(done.stderr.splitlines())
        if line.startswith("PEAK_KIB ")
    )
    found = _SECONDS.search(done.stdout)
    step = Step(
        name=name,
        wall_seconds=round(wall, 2),
        own_seconds=float(found.group(1)) if found else None,
        peak_mib=round(peak / 1024, 1),
        output=done.stdout.strip(),
    )
    print(f"{wall:.1f} s")
    return step


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a local PostgreSQL URL whose name contains 'bench'")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--placements", type=int, default=10_000)
    parser.add_argument("--storytellers", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="keep the folder and databases")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-backup-"))
    source_dir, target_dir, backups = tmp / "data", tmp / "restored", tmp / "backups"
    for folder in (source_dir, target_dir, backups):
        folder.mkdir()
    source = bench.database_for(args.database_url, source_dir)
    target = bench.database_for(
        f"{args.database_url}_restore" if args.database_url else None, target_dir
    )
    created: list[bench.Database] = []
    try:
        with bench.stop_on_sigterm():
            print(f"Backup benchmark: {source.describe()}, {args.people:,} people")
            for db in (source, target):
                bench.create_database(db)
                created.append(db)
            env = bench.server_env(source, source_dir, None)
            env["CHORUS_BACKUP_KEY"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
            env["CHORUS_BACKUP_DIR"] = str(backups)
            env["CHORUS_ERASURE_REGISTER"] = str(tmp / "erasure-register.jsonl")
            chorus = [sys.executable, "-m", "chorus.cli"]
            bench.run_step("Migrating", [*chorus, "manage", "migrate", "--noinput"], env)
            end = datetime.date.today()  # noqa: DTZ011
            start = end.replace(year=end.year - 5)
            load = [sys.executable, str(BENCH_DIR / "load.py"), "--people", str(args.people)]
            load += ["--placements", str(args.placements), "--storytellers", str(args.storytellers)]
            load += ["--start", str(start), "--end", str(end)]
            load += ["--username", "bench-admin", "--password", secrets.token_urlsafe(16)]
            out, _ = bench.run_step("Loading data", load, env)
            counts = json.loads(out.strip().splitlines()[-1])["counts"]

            made = timed("chorus backup", [*chorus, "backup", "--output", str(backups)], env)
            [file] = sorted(backups.glob("*.chorus-backup"))
            size = file.stat().st_size
            verified = timed(
                "chorus backup --verify", [*chorus, "backup", "--verify", str(file)], env
            )
            restore_env = {**env, "DATABASE_URL": target.url, "CHORUS_DATA_DIR": str(target_dir)}
            restored = timed("chorus restore", [*chorus, "restore", str(file)], restore_env)

            steps = [made, verified, restored]
            print()
            bench.print_rows(
                ["step", "wall s", "own work s", "peak MiB"],
                [
                    [
                        s.name,
                        f"{s.wall_seconds:.1f}",
                        f"{s.own_seconds:.1f}" if s.own_seconds is not None else "-",
                        f"{s.peak_mib:.0f}",
                    ]
                    for s in steps
                ],
            )
            print(f"\nBackup file: {size / 1_000_000:.1f} MB ({file.name})")
            for s in steps:
                said = [line for line in s.output.splitlines() if _SECONDS.search(line)]
                print(f"  {s.name}: {said[0] if said else s.output}")
            print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            report = {
                "engine": source.engine,
                "database": source.describe(),
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "commit": bench.git_commit(),
                "data": {k: v for k, v in counts.items() if isinstance(v, int)},
                "backup_bytes": size,
                "steps": [asdict(s) for s in steps],
                "load_average": os.getloadavg()[0],
            }
            bench.RESULTS_DIR.mkdir(exist_ok=True)
            path = bench.RESULTS_DIR / f"backup-{source.engine}.json"
            path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            print(f"Figures saved to {path.relative_to(BENCH_DIR.parent)}.")
            return 0
    except bench.BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"Kept: {tmp}" + "".join(f" and database {db.name}" for db in created if db.name))
        else:
            for db in created:
                bench.drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
