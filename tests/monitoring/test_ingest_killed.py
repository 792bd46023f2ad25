"""A worker killed (SIGKILL) in the middle of storing a big feed leaves no half-stored article.

Each article is stored with what belongs to it in one transaction (`ingest._store_one`):
the article with its features, its MinHash band rows (how copies are found) and its
story cluster, whose count of articles moves with it. The worker runs as a real process
(`chorus worker`, the task `poll_source`) against a database file (SQLite) or the test
database (PostgreSQL), and is killed at a random moment while articles are going in.
Every article found afterwards must be whole, as a completely stored one is; running
the feed again then stores the rest, each once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from chorus.monitoring import tasks
from chorus.monitoring.models import Source
from chorus.monitoring.pipeline import dedupe
from tests.monitoring.feed_hosts import FeedHosts

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ITEMS = 200
SEED = int(os.environ.get("CHORUS_TEST_SEED", "0")) or random.randrange(1, 1_000_000)


def _database_url(tmp_path: Path) -> str:
    """An address the worker can open to reach the same data as this test."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: copy it to a file.
        path = tmp_path / "ingest.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return f"sqlite:///{path}"
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def _cursor(database_url: str) -> Iterator[Any]:
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(path, timeout=20)) as db, closing(db.cursor()) as cursor:
            yield cursor
    else:
        with connection.cursor() as cursor:
            yield cursor


def _stored(database_url: str) -> int:
    with _cursor(database_url) as cursor:
        cursor.execute("SELECT COUNT(*) FROM roundup_article")
        return int(cursor.fetchone()[0])


def _half_stored(database_url: str) -> list[str]:
    """What is wrong with each stored article that is not whole (none, when all are)."""
    with _cursor(database_url) as cursor:
        cursor.execute("SELECT id, features, cluster_id FROM roundup_article")
        articles = cursor.fetchall()
        cursor.execute("SELECT article_id, key FROM roundup_articleband")
        bands = defaultdict(set)
        for article_id, key in cursor.fetchall():
            bands[article_id].add(int(key))
        cursor.execute("SELECT id, article_count FROM roundup_storycluster")
        counted = dict(cursor.fetchall())
    problems = []
    members: Counter[int] = Counter()
    for pk, features, cluster_id in articles:
        data = json.loads(features) if isinstance(features, str) else features
        if not data:
            problems.append(f"article {pk} has no features")
            continue
        signature = dedupe.ArticleFeatures.from_json(data).signature
        if bands[pk] != set(dedupe.lsh_band_keys(signature)):
            problems.append(f"article {pk} has {len(bands[pk])} of its band rows")
        if cluster_id is None:
            problems.append(f"article {pk} is in no story")
        else:
            members[cluster_id] += 1
    for cluster_id, count in counted.items():
        if members[cluster_id] != count:
            problems.append(
                f"story {cluster_id} counts {count} articles, holds {members[cluster_id]}"
            )
    return problems


def test_a_worker_killed_while_storing_a_feed_leaves_only_whole_articles(tmp_path, settings):
    rng = random.Random(SEED)
    with FeedHosts(1, items=ITEMS, seed=SEED) as hosts:
        settings.ROUNDUP_FETCH_ALLOW_HOSTS = hosts.allow_hosts
        source = Source.objects.create(name="A big feed", url=hosts.url(0))
        tasks.poll_source.enqueue(source.pk)
        database_url = _database_url(tmp_path)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CHORUS_DATA_DIR": str(tmp_path / "data"),
            "ROUNDUP_FETCH_ALLOW_HOSTS": ",".join(hosts.allow_hosts),
        }
        env.pop("REDIS_URL", None)
        worker = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "chorus.cli", "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        target = rng.randint(10, ITEMS // 4)
        deadline = (
            time.monotonic() + 120
        )  # a liveness guard: Django starts slowly on a busy machine
        try:
            while _stored(database_url) < target:
                assert worker.poll() is None, worker.communicate()[1].decode()[-3000:]
                assert time.monotonic() < deadline, "the worker stored nothing"
                time.sleep(0.001)
            # At once: the moment just after an article row appears is when whatever
            # belongs to it would still be missing, were it not written with it.
            worker.send_signal(signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL

        stored = _stored(database_url)
        print(f"killed after {stored} of {ITEMS} articles (seed {SEED})")
        assert target <= stored < ITEMS, f"the kill did not land mid-feed (seed {SEED})"
        assert _half_stored(database_url) == [], f"seed {SEED}"

        # The feed read again: the rest go in, and nothing is stored twice.
        again = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "chorus.cli", "ingest", "--url", hosts.url(0)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert again.returncode == 0, again.stderr.decode()[-3000:]
        report = json.loads(again.stdout)
    # Those stored before the kill are known by their address (near-copies of another
    # story count as duplicates too, but are stored, linked to the original).
    assert report["fetched"] == ITEMS and not report["errors"]
    assert report["duplicates"] >= stored
    assert _stored(database_url) == ITEMS
    assert _half_stored(database_url) == []
    with _cursor(database_url) as cursor:
        cursor.execute("SELECT COUNT(DISTINCT url) FROM roundup_article")
        assert cursor.fetchone()[0] == _stored(database_url)
