"""Benchmark: round-up article search over a million articles, in-process.

    .venv/bin/python bench/monitoring_search.py [--database-url URL] [--articles 1000000]
        [--queries 200]
    .venv/bin/python bench/monitoring_search.py \\
        --database-url postgres://postgres@127.0.0.1:5432/chorus_bench_search

Goal on the 2-core machine: p95 ≤ 50 ms for a page of results over 1,000,000 articles.

Builds a throwaway database (SQLite in a temporary folder by default, or the local
PostgreSQL database named in --database-url, which must contain "bench" and is dropped),
migrated in this process with bench/run.py's production-like environment. Then
bulk-inserts N invented articles with `Article.objects.bulk_create`, a batch per
transaction, as ingestion would leave them: a headline of about 10 words and a summary of
about 40 (a tenth with a short text too), drawn from a vocabulary of 3,000 invented words
with a Zipf-like distribution, plain English function words, and migration terms at set
rates ("asylum" in about 20 % of articles, "home office" in about 10 %, four rare place
names in about 0.01 % each), with ids in order
of publication. The database fills its own full-text index as the rows go in (SQLite: the
FTS5 triggers; PostgreSQL: the generated tsvector column and its GIN index); the load time
is printed, and on PostgreSQL VACUUM ANALYZE runs after, as autovacuum would.

Then times `chorus.monitoring.selectors.search_articles(q, page=1)` and page 5 for a fixed mix
of queries: one common word, two common words, a less common word (0.5 to 4 % of
articles), a rare word (about 100 articles), two
words that come together ("home office", "small boats") and a word that matches nothing.
Prints p50/p95/p99 per kind of query and page, and overall, against the goal, how many
articles each query matches, and, for a kind that misses the goal, the database's plan
for it (EXPLAIN). Figures are written to bench/results/roundup-search-<engine>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from run import (
    RESULTS_DIR,
    git_commit,
    percentile,
    print_rows,
    run_in_django,
)

SEED = 20261122
GOAL_MS = 50.0
BATCH = 5000  # rows per bulk_create, one transaction each
VOCABULARY = 3000
ZIPF_EXPONENT = 1.0
FUNCTION_WORDS = ["the", "of", "to", "and", "a", "in", "on", "for", "with", "after", "said"]
# Migration terms and the share of articles that carry each (anywhere in title or summary).
# Words in one string always come together, as names and set phrases do.
TERMS = {
    "asylum": 0.20,
    "migrants": 0.15,
    "refugees": 0.12,
    "home office": 0.10,
    "channel": 0.08,
    "small boats": 0.05,
    "border force": 0.03,
    "deportation": 0.02,
    "hotel": 0.04,
    "rwanda": 0.005,
    # Rare names: about 100 articles each in a million.
    "kingsmere": 0.0001,
    "skelbrook": 0.0001,
    "tarrowby": 0.0001,
    "wimereux": 0.0001,
}
# Query kinds: several queries each, asked in turn.
QUERY_KINDS = {
    "one common word": ["asylum", "migrants", "refugees", "channel"],
    "two common words": ["asylum migrants", "refugees channel", "migrants asylum", "asylum hotel"],
    "less common word": ["rwanda", "deportation", "Rwanda", "hotel"],
    "rare word": ["Kingsmere", "skelbrook", "Tarrowby", "wimereux"],
    "two words together": ["home office", "small boats", "border force", "Home Office"],
    "word matching nothing": ["xylophonist", "quokkaville", "zembla", "plinthwort"],
}


# --- Invented articles -----------------------------------------------------------------------


def invented_words(count: int, rng: random.Random) -> list[str]:
    """`count` distinct made-up words of two to four syllables, none a word we query."""
    onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ou"]
    codas = ["", "", "n", "r", "l", "m", "sk", "nd"]
    reserved = {w for term in TERMS for w in term.split()} | {
        w.lower() for queries in QUERY_KINDS.values() for q in queries for w in q.split()
    }
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < count:
        syllables = rng.randint(2, 4)
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        # The tokenisers stem ("-s", "-ing"…): keep words apart after stemming too.
        stem = word.rstrip("s")
        if stem in seen or word in reserved or len(word) < 4:
            continue
        seen.add(stem)
        words.append(word)
    return words


@dataclass
class Texts:
    """Generates titles and summaries in batches, with NumPy for the random draws."""

    words: list[str]
    rng: np.random.Generator

    def __post_init__(self) -> None:
        ranks = np.arange(1, len(self.words) + 1, dtype=np.float64)
        weights = 1.0 / ranks**ZIPF_EXPONENT
        self.p = weights / weights.sum()
        self.vocabulary = np.array(self.words + FUNCTION_WORDS, dtype=object)
        self.function_p = np.full(len(FUNCTION_WORDS), 1.0 / len(FUNCTION_WORDS))

    def _tokens(self, rows: int, length: int) -> np.ndarray:
        content = self.rng.choice(len(self.words), size=(rows, length), p=self.p)
        function = len(self.words) + self.rng.choice(len(FUNCTION_WORDS), size=(rows, length))
        use_function = self.rng.random((rows, length)) < 0.35
        return np.where(use_function, function, content)

    def batch(self, rows: int) -> list[tuple[str, str, str]]:
        """(title, summary HTML, text) for `rows` articles."""
        title_lengths = self.rng.integers(7, 14, size=rows)
        summary_lengths = self.rng.integers(28, 53, size=rows)
        titles = self._tokens(rows, 13)
        summaries = self._tokens(rows, 52)
        has_text = self.rng.random(rows) < 0.1
        texts = self._tokens(rows, 60)
        carries = {term: self.rng.random(rows) < share for term, share in TERMS.items()}
        in_title = self.rng.random((rows, len(TERMS))) < 0.3
        positions = self.rng.random((rows, len(TERMS)))
        out = []
        for i in range(rows):
            title = list(self.vocabulary[titles[i, : title_lengths[i]]])
            summary = list(self.vocabulary[summaries[i, : summary_lengths[i]]])
            for j, term in enumerate(TERMS):
                if carries[term][i]:
                    target = title if in_title[i, j] else summary
                    target.insert(int(positions[i, j] * len(target)), term)
            title[0] = title[0].capitalize()
            text = " ".join(self.vocabulary[texts[i]]) + "." if has_text[i] else ""
            out.append((" ".join(title), "<p>" + " ".join(summary).capitalize() + ".</p>", text))
        return out


def load(articles: int, words: list[str]) -> float:
    """Insert `articles` articles, a batch of BATCH per transaction; returns the seconds."""
    from django.db import transaction
    from django.utils import timezone

    from chorus.monitoring.models import Article, Source

    sources = [
        Source.objects.create(name=name, url=f"https://feeds.example.org/{i}.xml")
        for i, name in enumerate(["BBC News", "The Guardian", "ITV News", "Sky News", "PA Media"])
    ]
    texts = Texts(words, np.random.default_rng(SEED))
    first = timezone.now() - datetime.timedelta(days=3 * 365)
    step = datetime.timedelta(days=3 * 365) / articles
    began = time.perf_counter()
    report_every = max(articles // 10, BATCH)
    for start in range(0, articles, BATCH):
        rows = min(BATCH, articles - start)
        made = []
        for offset, (title, summary, text) in enumerate(texts.batch(rows)):
            n = start + offset
            published = first + step * n
            made.append(
                Article(
                    source=sources[n % len(sources)],
                    url=f"https://news.example.org/{n}",
                    url_key=f"{n:064x}",
                    guid=f"https://news.example.org/{n}",
                    title=title,
                    summary=summary,
                    text=text,
                    language="en",
                    published_at=published,
                    fetched_at=published,
                    relevance=0.5,
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(made)
        done = start + rows
        if done % report_every < BATCH or done == articles:
            elapsed = time.perf_counter() - began
            print(f"  {done:>10,} articles, {elapsed:6.0f} s", flush=True)
    return time.perf_counter() - began


def analyse() -> float:
    from django.db import connection

    began = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - began


# --- Measuring -------------------------------------------------------------------------------


def match_count(query: str) -> int:
    """How many articles match (not timed: the search page never counts)."""
    from django.db import connection

    from chorus.monitoring import selectors as search

    terms = search.terms_of(query)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM roundup_article"
                " WHERE search_vector @@ plainto_tsquery('english', %s)",
                [" ".join(terms)],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM roundup_article_fts WHERE roundup_article_fts MATCH %s",
                [search._fts5_query(terms)],
            )
        return int(cursor.fetchone()[0])


def explain(query: str, page: int) -> str:
    """The plan of `matching_ids` for `query` (PostgreSQL: with timings and buffers)."""
    from django.db import connection

    from chorus.monitoring import selectors as search

    terms = search.terms_of(query)
    offset = (page - 1) * 25
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM roundup_article"
                " WHERE search_vector @@ plainto_tsquery('english', %s)"
                " ORDER BY id DESC LIMIT %s OFFSET %s",
                [" ".join(terms), 26, offset],
            )
        else:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM roundup_article_fts"
                " WHERE roundup_article_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [search._fts5_query(terms), 26, offset],
            )
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


@dataclass
class KindResult:
    kind: str
    page: int
    runs: int
    matches: str  # range over the kind's queries
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    cpu_p50_ms: float
    results_on_page: int
    slowest_query: str  # the query of this kind with the highest median
    passed: bool


def measure(mix: dict[str, list[str]], runs: int, goal_ms: float) -> tuple[list[KindResult], Any]:
    from chorus.monitoring.selectors import search_articles

    # Warm-up: each query once on each page (the first reads of the index from disk).
    for kind_queries in mix.values():
        for query in kind_queries:
            for page in (1, 5):
                search_articles(query, page=page)
    timings: dict[tuple[str, int], list[float]] = defaultdict(list)
    cpu: dict[tuple[str, int], list[float]] = defaultdict(list)
    shown: dict[tuple[str, int], int] = {}
    by_query: dict[tuple[str, int], list[float]] = defaultdict(list)
    kinds = list(mix)
    for i in range(runs):
        kind = kinds[i % len(kinds)]
        query = mix[kind][(i // len(kinds)) % len(mix[kind])]
        for page in (1, 5):
            began, began_cpu = time.perf_counter(), time.process_time()
            result = search_articles(query, page=page)
            timings[kind, page].append((time.perf_counter() - began) * 1000)
            by_query[query, page].append(timings[kind, page][-1])
            cpu[kind, page].append((time.process_time() - began_cpu) * 1000)
            shown[kind, page] = len(result.articles)
    counts = {kind: [match_count(q) for q in qs] for kind, qs in mix.items()}
    results = []
    for (kind, page), values in timings.items():
        values.sort()
        low, high = min(counts[kind]), max(counts[kind])
        results.append(
            KindResult(
                kind=kind,
                page=page,
                runs=len(values),
                matches=f"{low:,}" if low == high else f"{low:,}–{high:,}",
                p50_ms=round(percentile(values, 0.50), 1),
                p95_ms=round(percentile(values, 0.95), 1),
                p99_ms=round(percentile(values, 0.99), 1),
                max_ms=round(values[-1], 1),
                cpu_p50_ms=round(percentile(sorted(cpu[kind, page]), 0.50), 1),
                results_on_page=shown[kind, page],
                slowest_query=max(
                    (q for q in mix[kind] if (q, page) in by_query),
                    key=lambda q: percentile(sorted(by_query[q, page]), 0.5),
                ),
                passed=percentile(values, 0.95) <= goal_ms,
            )
        )
    everything = sorted(v for values in timings.values() for v in values)
    medians = {
        f"{query!r}, page {page}": round(percentile(sorted(values), 0.5), 1)
        for (query, page), values in by_query.items()
    }
    overall = {
        "runs": len(everything),
        "p50_ms": round(percentile(everything, 0.50), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "p99_ms": round(percentile(everything, 0.99), 1),
        "max_ms": round(everything[-1], 1),
        "passed": percentile(everything, 0.95) <= goal_ms,
        "match_counts": {kind: dict(zip(mix[kind], c, strict=True)) for kind, c in counts.items()},
        "p50_ms_by_query": medians,
    }
    return results, overall


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
        else:
            cursor.execute("PRAGMA page_count")
            pages = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA page_size")
            size = pages * int(cursor.fetchone()[0])
    return f"{size / 1e6:,.0f} MB"


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/monitoring_search.py",
        description="Time round-up article search (a page of results) over many articles.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (it is dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument(
        "--queries", type=int, default=200, help="timed queries, each on page 1 and page 5"
    )
    parser.add_argument("--goal-ms", type=float, default=GOAL_MS, help="p95 goal")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and database afterwards"
    )
    args = parser.parse_args(argv)
    if args.articles < 1000:
        parser.error("--articles must be at least 1,000")
    if args.queries < len(QUERY_KINDS):
        parser.error(f"--queries must be at least {len(QUERY_KINDS)}")
    return args


def run(args: argparse.Namespace, engine: str, describe: str) -> int:
    from django.core.management import call_command

    print("Migrating…", end=" ", flush=True)
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"{time.perf_counter() - began:.1f} s")

    words = invented_words(VOCABULARY, random.Random(SEED))
    print(f"Loading {args.articles:,} articles, {BATCH:,} per transaction…", flush=True)
    load_seconds = load(args.articles, words)
    analyse_seconds = analyse()
    size = database_size()
    print(
        f"Loaded in {load_seconds:.0f} s ({args.articles / load_seconds:,.0f} articles/s)"
        + (f", VACUUM ANALYZE {analyse_seconds:.0f} s" if engine == "postgresql" else "")
        + f"; database {size}."
    )

    mix = QUERY_KINDS
    load_before = os.getloadavg()[0]
    results, overall = measure(mix, args.queries, args.goal_ms)
    load_after = os.getloadavg()[0]

    print()
    rows = [
        [
            r.kind,
            str(r.page),
            str(r.runs),
            r.matches,
            f"{r.p50_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.p99_ms:.1f}",
            f"{r.max_ms:.1f}",
            f"{r.cpu_p50_ms:.1f}",
            "PASS" if r.passed else "FAIL",
        ]
        for r in results
    ]
    rows.append(
        [
            "all",
            "",
            str(overall["runs"]),
            "",
            f"{overall['p50_ms']:.1f}",
            f"{overall['p95_ms']:.1f}",
            f"{overall['p99_ms']:.1f}",
            f"{overall['max_ms']:.1f}",
            "",
            "PASS" if overall["passed"] else "FAIL",
        ]
    )
    print_rows(
        [
            "query",
            "page",
            "runs",
            "matches",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "CPU p50",
            f"p95 ≤ {args.goal_ms:g} ms",
        ],
        rows,
    )
    print("\nQueries: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in mix.items()))
    print(
        f"Load average {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} "
        "CPUs. CPU p50 is this process's (on PostgreSQL the server's work is not in it)."
    )

    plans = {}
    for r in results:
        if not r.passed:
            query = r.slowest_query
            plans[f"{r.kind}, page {r.page}"] = explain(query, r.page)
            medians = ", ".join(
                f"{q!r} {overall['p50_ms_by_query'][f'{q!r}, page {r.page}']:.1f}"
                for q in mix[r.kind]
            )
            print(f"\n{r.kind}, page {r.page}: p50 ms by query: {medians}.")
            print(f"Plan for the slowest, {query!r}:")
            print(plans[f"{r.kind}, page {r.page}"])

    report = {
        "engine": engine,
        "database": describe,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "articles": args.articles,
        "load_seconds": round(load_seconds, 1),
        "analyse_seconds": round(analyse_seconds, 1),
        "database_size": size,
        "goal_p95_ms": args.goal_ms,
        "queries": mix,
        "results": [asdict(r) for r in results],
        "overall": overall,
        "plans_of_failing_kinds": plans,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    out_path = RESULTS_DIR / f"roundup-search-{engine}.json"
    out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nFigures saved to {out_path.relative_to(RESULTS_DIR.parent.parent)}.")
    failed = not overall["passed"] or any(not r.passed for r in results)
    return 1 if args.strict and failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_in_django(
        "Chorus round-up search benchmark",
        prefix="chorus-bench-search-",
        database_url=args.database_url,
        keep=args.keep,
        body=lambda db: run(args, db.engine, db.describe()),
    )


if __name__ == "__main__":
    sys.exit(main())
