"""Kill the sending worker again and again: nobody is missed, and nobody gets it twice
beyond the one message in flight at each kill.

The worker runs as a real process (`chorus manage roundup_send`) against a database
file (SQLite) or the test database (PostgreSQL), and sends to a mail server running
in this test process, which counts what each address receives.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Recipient, Subscriber
from tests.roundup.delivery.test_delivery import SmtpServer, approved_edition

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
SUBSCRIBERS = 300
KILLS = 5
SEED = int(os.environ.get("CHORUS_TEST_SEED", "0")) or random.randrange(1, 1_000_000)


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def _database_url(tmp_path: Path) -> str:
    """An address the worker process can open to reach the same data as this test."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: copy it to a file.
        path = tmp_path / "delivery.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        user = quote(db.get("USER") or "")
        password = quote(db.get("PASSWORD") or "")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        return (
            f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    pytest.fail(f"No way to share a {connection.vendor} test database with a subprocess")


def _ledger(database_url: str, send_id: int) -> Counter[str]:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            rows = db.execute(
                "SELECT status, COUNT(*) FROM roundup_recipient WHERE send_id = ? GROUP BY status",
                [send_id],
            ).fetchall()
        return Counter(dict(rows))
    return Counter(
        dict(
            Recipient.objects.filter(send_id=send_id)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )


def test_killing_the_worker_repeatedly_misses_nobody_and_repeats_at_most_one_per_kill(
    smtp_server, tmp_path
):
    rng = random.Random(SEED)
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.org", status=Subscriber.Status.CONFIRMED)
        for n in range(1, SUBSCRIBERS + 1)
    )
    edition = approved_edition()
    send = delivery.send_schedule(
        edition=edition, actor=None, send_at=timezone.now(), enqueue=False
    )
    database_url = _database_url(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_USE_SSL": "0",
    }
    command = [sys.executable, "-m", "chorus.cli", "manage", "roundup_send", str(edition.pk)]
    received = smtp_server.recorder.counts

    kills = 0
    # A liveness guard, not a speed test: each worker start costs a Django start-up,
    # which is slow on a loaded machine.
    deadline = time.monotonic() + 120
    for _ in range(KILLS):
        before = sum(received().values())
        if before >= SUBSCRIBERS:
            break
        worker = subprocess.Popen(  # noqa: S603 - our own command line, fixed arguments
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        # A random moment in the middle of sending: after a few more messages went out,
        # and somewhere within the next message's round trip.
        target = before + rng.randint(1, 40)
        while worker.poll() is None and sum(received().values()) < target:
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.01))
        if worker.poll() is None:
            worker.kill()
            kills += 1
        _, errors = worker.communicate(timeout=10)
        assert worker.returncode in (0, -9), errors.decode()

    finished = subprocess.run(  # noqa: S603
        command, env=env, cwd=ROOT, capture_output=True, timeout=60, check=False
    )
    assert finished.returncode == 0, finished.stderr.decode()

    counts = received()
    everyone = {f"reader{n}@example.org" for n in range(1, SUBSCRIBERS + 1)}
    assert set(counts) == everyone, f"missed: {sorted(everyone - set(counts))[:5]} (seed {SEED})"
    extra = sum(counts.values()) - SUBSCRIBERS
    assert kills >= 3, f"only {kills} kills landed mid-send (seed {SEED})"
    assert extra <= kills, f"{extra} repeats for {kills} kills (seed {SEED})"
    assert _ledger(database_url, send.pk) == Counter({Recipient.Status.SENT: SUBSCRIBERS})
    assert b"Everyone has been sent to." in finished.stdout
