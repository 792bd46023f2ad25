"""Benchmark: full-text extraction of news pages, in-process and through the isolated pool.

    .venv/bin/python bench/monitoring_extract.py [--rounds 3] [--workers N] [--real PATH]

Goal on the 2-core machine: at least 40 pages/s per core, p99 at most 200 ms a page.

Pages: the 66 synthetic news pages of eval/extraction/synthetic.py (about 90 kB each, with
the scripts, styles and navigation real pages carry), plus, when the trafilatura 1.0.0 source
distribution has been downloaded by eval/extraction/run.py (or is given with --real), its 81
real evaluation pages (about 115 kB each). Each set is timed apart:

in-process   `extract(html)` page after page in this process: p50/p95/p99 wall-clock ms per
             page, and pages/s per core from the CPU time this process spent.
pool         `Extractor(workers).extract_many(...)` over all pages: pages/s per core from the
             CPU time of the workers and of this process together (the wall-clock rate is
             printed too; on a shared machine it also measures the neighbours), and
             p50/p95/p99 ms from the moment the pool takes a page from the input to the moment
             its result comes out in order (waiting behind a slower page counts).

The machine is shared: the load average is printed before and after, and the figures move
with it. Exit code 0 unless --strict and a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "eval" / "extraction"))

import synthetic  # noqa: E402

from chorus.monitoring.pipeline.extract import Extracted, Extractor, extract  # noqa: E402

GOAL_PAGES_PER_CORE = 40.0
GOAL_P99_MS = 200.0
REAL_SDIST = (
    Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    / "chorus-eval"
    / "trafilatura-1.0.0.tar.gz"
)

Page = tuple[str, str | bytes, str | None]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def real_pages(path: Path) -> list[Page]:
    pages: list[Page] = []
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            if "/tests/cache/" in member.name and member.name.endswith(".html"):
                handle = archive.extractfile(member)
                if handle is not None:
                    pages.append((member.name.rsplit("/", 1)[-1], handle.read(), None))
    return sorted(pages, key=lambda page: page[0])


def in_process(pages: list[Page], rounds: int) -> dict[str, float]:
    for _page_id, html, url in pages[:5]:  # warm caches, as a long-lived worker has them
        extract(html, url=url)
    latencies: list[float] = []
    cpu_started = time.process_time()
    for _ in range(rounds):
        for _page_id, html, url in pages:
            started = time.perf_counter()
            try:
                extract(html, url=url)
            except ValueError:
                pass
            latencies.append((time.perf_counter() - started) * 1000)
    cpu = time.process_time() - cpu_started
    return {
        "pages": len(latencies),
        "per_core": len(latencies) / cpu,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (Linux /proc), 0 when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def through_pool(pages: list[Page], rounds: int, workers: int) -> dict[str, float]:
    taken: dict[str, float] = {}
    latencies: list[float] = []
    errors = 0

    def feed() -> Iterator[Page]:
        for round_number in range(rounds):
            for page_id, html, url in pages:
                key = f"{round_number}:{page_id}"
                taken[key] = time.perf_counter()
                yield key, html, url

    with Extractor(workers) as extractor:
        # One untimed pass of a few pages so every worker has started.
        list(extractor.extract_many(pages[: workers * 2]))
        pids = [worker.process.pid for worker in extractor._workers if worker.process.pid]
        cpu_before = sum(map(cpu_seconds, pids)) + time.process_time()
        started = time.perf_counter()
        for key, result in extractor.extract_many(feed()):
            latencies.append((time.perf_counter() - taken.pop(key)) * 1000)
            if not isinstance(result, Extracted):
                errors += 1
        elapsed = time.perf_counter() - started
        # Workers' CPU plus this process's (reading input, pickling pages, ordering results).
        cpu = sum(map(cpu_seconds, pids)) + time.process_time() - cpu_before
        restarts = extractor.restarts
    rate = len(latencies) / elapsed
    return {
        "pages": len(latencies),
        "errors": errors,
        "restarts": restarts,
        "rate": rate,
        "per_core_wall": rate / min(workers, os.cpu_count() or 1),
        "per_core": len(latencies) / cpu if cpu and not restarts else 0.0,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }


def verdict(per_core: float, p99: float) -> str:
    ok = per_core >= GOAL_PAGES_PER_CORE and p99 <= GOAL_P99_MS
    return "meets the goal" if ok else "MISSES the goal"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="passes over each page set")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--real", type=Path, default=REAL_SDIST, help="trafilatura-1.0.0.tar.gz")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)

    sets: list[tuple[str, list[Page]]] = [
        ("synthetic", [(p.id, p.html, p.url) for p in synthetic.pages()]),
    ]
    if args.real.exists():
        sets.append(("real", real_pages(args.real)))
    else:
        print(f"(no real pages: {args.real} not found; eval/extraction/run.py downloads it)")

    print(f"Goal: >= {GOAL_PAGES_PER_CORE:g} pages/s per core, p99 <= {GOAL_P99_MS:g} ms")
    print(f"CPUs: {os.cpu_count()}, load average before: {os.getloadavg()}")
    missed = False
    for name, pages in sets:
        kb = statistics.mean(len(html) for _, html, _ in pages) / 1024
        print(f"\n{name}: {len(pages)} pages, {kb:.0f} kB on average, {args.rounds} rounds")
        local = in_process(pages, args.rounds)
        print(
            f"  in-process   {local['per_core']:6.1f} pages/s per core (CPU time)   "
            f"p50 {local['p50']:5.1f}  p95 {local['p95']:5.1f}  p99 {local['p99']:5.1f} ms   "
            f"{verdict(local['per_core'], local['p99'])}"
        )
        pooled = through_pool(pages, args.rounds, args.workers)
        print(
            f"  pool x{args.workers}      {pooled['per_core']:6.1f} pages/s per core (CPU time; "
            f"wall: {pooled['rate']:.1f} pages/s, {pooled['per_core_wall']:.1f} per core)   "
            f"p50 {pooled['p50']:5.1f}  "
            f"p95 {pooled['p95']:5.1f}  p99 {pooled['p99']:5.1f} ms   "
            f"{verdict(pooled['per_core'], pooled['p99'])}"
            + (f"   {pooled['errors']:.0f} error results" if pooled["errors"] else "")
        )
        missed |= verdict(pooled["per_core"], pooled["p99"]) != "meets the goal"
    print(f"\nload average after: {os.getloadavg()}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
