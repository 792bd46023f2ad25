"""Two task workers share a send, as two machines would: one is killed midway, or has
its database connection cut, and every address still receives the edition exactly once.

The workers are real processes (`chorus worker`, which runs the task queue's worker)
against the test database, fed by the tasks a send enqueues. The mail server runs in
this test process; it can hold its answer to a message (see `Recorder`), so the test
knows which message each worker has in flight when it strikes. PostgreSQL only: that is
what a charity with more than one machine runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chorus.roundup.delivery import locks, sending
from chorus.roundup.delivery import report as delivery_report
from chorus.roundup.delivery import services as delivery
from chorus.roundup.delivery.ledger import _LOCK_NAMESPACE, _WORKER_NAMESPACE
from chorus.roundup.models import Recipient, Send, Subscriber
from tests.roundup.delivery.test_delivery import SmtpServer, approved_edition

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
R = Recipient.Status
# A liveness guard, not a speed test: the figures are printed (run with -s to see them).
DEADLINE_SECONDS = 600


class Workers:
    """`chorus worker` processes on the test database, sending to `smtp`."""

    def __init__(self, smtp: SmtpServer, folder: Path) -> None:
        db = connection.settings_dict
        user = quote(db.get("USER") or "")
        password = quote(db.get("PASSWORD") or "")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{credentials}{host}/{db['NAME']}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
        }
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.folder / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own command line, fixed arguments
            [sys.executable, "-m", "chorus.cli", "worker"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(path.read_text() for path in sorted(self.folder.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    # 20,000 messages: the server counts them and keeps no bodies (tests/conftest.py
    # keeps its per-command log quiet).
    server = SmtpServer(keep_content=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(smtp, tmp_path) -> Iterator[Workers]:
    running = Workers(smtp, tmp_path)
    yield running
    running.stop()


def readers(count: int) -> set[str]:
    Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"reader{n}@example.org", status=Subscriber.Status.CONFIRMED)
            for n in range(1, count + 1)
        ),
        batch_size=5000,
    )
    return {f"reader{n}@example.org" for n in range(1, count + 1)}


def wait_until_done(send: Send, workers: Workers, started: float) -> None:
    while Send.objects.get(pk=send.pk).status != Send.Status.DONE:
        assert time.monotonic() - started < DEADLINE_SECONDS, workers.logs()[-4000:]
        assert any(p.poll() is None for p in workers.processes), workers.logs()[-4000:]
        time.sleep(0.2)


def ledger(send: Send) -> Counter[str]:
    return Counter(
        dict(
            Recipient.objects.filter(send=send)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
    )


def shares(send: Send) -> Counter[int]:
    """Messages sent by each worker (a sent row keeps the token of the worker that sent it)."""
    return Counter(
        Recipient.objects.filter(send=send, status=R.SENT).values_list("claimed_by", flat=True)
    )


def backend_of(token: int) -> int:
    """The PostgreSQL backend of the worker with this token: the one holding its lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 2",
            [_WORKER_NAMESPACE, token],
        )
        found = cursor.fetchall()
    assert len(found) == 1, found
    return int(found[0][0])


def reports(workers: Workers, started: float, expected: int) -> list[dict]:
    """The reports of the workers' tasks, once `expected` of them have finished."""
    tasks = DBTaskResult.objects.filter(task_path__endswith="deliver_send")
    while tasks.filter(status__in=["SUCCESSFUL", "FAILED"]).count() < expected:
        assert time.monotonic() - started < DEADLINE_SECONDS, workers.logs()[-4000:]
        time.sleep(0.2)
    assert not tasks.filter(status="FAILED").exists(), workers.logs()[-4000:]
    return [task.return_value for task in tasks.filter(status="SUCCESSFUL")]


def test_two_task_workers_share_a_send_of_20000_and_one_killed_midway_repeats_nothing(
    smtp, workers, settings
):
    count = 20_000
    everyone = readers(count)
    settings.ROUNDUP_SEND_WORKERS = 2
    # Midway, the mail server holds its answers: each worker then has one message whose
    # 250 has not come.
    smtp.recorder.hold_after = count // 2

    send = delivery.send_schedule(edition=approved_edition(), actor=None, send_at=timezone.now())
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_send").count() == 2
    started = time.monotonic()
    victim, survivor = workers.start(), workers.start()

    smtp.recorder.wait_for_held(2, timeout=DEADLINE_SECONDS)
    midway = time.monotonic() - started
    victim.kill()  # SIGKILL, while it waits for the server to accept its message
    assert victim.wait(timeout=10) == -9
    # Its connection closed before its 250: that message was not accepted.
    smtp.recorder.wait_for_held(1)
    while smtp.recorder.waiting > 1:
        time.sleep(0.005)
    smtp.recorder.gate.set()
    wait_until_done(send, workers, started)
    elapsed = time.monotonic() - started

    received = smtp.recorder.counts()
    assert set(received) == everyone
    assert set(received.values()) == {1}, [a for a, n in received.items() if n > 1][:5]
    assert ledger(send) == Counter({R.SENT: count})
    by_worker = shares(send)
    (report,) = reports(workers, started, 1)  # the killed worker never finished its task
    assert report["stopped"] == "Everyone has been sent to."
    # The survivor took over what the killed worker had in hand, its message in flight too.
    assert report["recovered"] >= 1
    assert len(by_worker) == 2 and min(by_worker.values()) > count // 20, by_worker
    assert survivor.poll() is None
    killed = next(n for token, n in by_worker.items() if token != report["worker"])
    print(  # noqa: T201 - the figures for the record
        f"\n20,000 to two workers: {elapsed:.1f} s ({count / elapsed:.0f} messages/s); "
        f"killed at {midway:.1f} s, when it had sent {killed} and the other "
        f"{count // 2 - killed}; the survivor sent {by_worker[report['worker']]} in all "
        f"and took over {report['recovered']} rows"
    )


def test_a_worker_whose_database_connection_is_cut_mid_send_carries_on_and_repeats_nothing(
    smtp, workers, settings
):
    count = 3000
    everyone = readers(count)
    settings.ROUNDUP_SEND_WORKERS = 2
    held = "reader1490@example.org"  # in the middle of its worker's batch
    smtp.recorder.hold_for = {held}

    send = delivery.send_schedule(edition=approved_edition(), actor=None, send_at=timezone.now())
    started = time.monotonic()
    workers.start(), workers.start()

    # One worker's message to `held` waits for its 250; meanwhile its connection to the
    # database is cut.
    smtp.recorder.wait_for_held(1, timeout=DEADLINE_SECONDS)
    row = Recipient.objects.get(send=send, email=held)
    assert row.status == R.SENDING
    cut_off = row.claimed_by
    in_hand = set(
        Recipient.objects.filter(send=send, status=R.SENDING, claimed_by=cut_off)
        .exclude(pk=row.pk)
        .values_list("pk", flat=True)
    )
    assert in_hand  # rows it claimed with that one, not yet sent
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend_of(cut_off)])
    # Its lock went with the connection, so the other worker takes its rows over, but
    # leaves the message in flight time to be recorded.
    while not Recipient.objects.filter(pk=row.pk, status=R.RETRY).exists():
        assert time.monotonic() - started < DEADLINE_SECONDS, workers.logs()[-4000:]
        time.sleep(0.05)
    assert not Recipient.objects.filter(pk__in=in_hand, claimed_by=cut_off).exists()
    # The server accepts it: the cut-off worker reconnects, records it, and carries on.
    smtp.recorder.gate.set()
    wait_until_done(send, workers, started)

    received = smtp.recorder.counts()
    assert set(received) == everyone
    assert set(received.values()) == {1}, [a for a, n in received.items() if n > 1][:5]
    assert ledger(send) == Counter({R.SENT: count})
    row.refresh_from_db()
    assert row.claimed_by == cut_off and row.attempts == 1 and row.last_error == ""
    finished = reports(workers, started, 2)
    assert {r["worker"] for r in finished} >= {cut_off}
    by_worker = shares(send)
    assert len(by_worker) == 2, by_worker
    logs = workers.logs()
    assert "the database connection failed" in logs
    # Back on the database, it let go of the rows taken over instead of sending them.
    assert "were taken over by another worker while this one was cut off" in logs
    print(  # noqa: T201 - the figures for the record
        f"\n3,000 with a cut connection: {time.monotonic() - started:.1f} s; "
        f"sent by each: {sorted(by_worker.values())}"
    )


def test_a_worker_of_the_version_before_shared_sends_is_left_to_deliver_alone(
    smtp, settings, monkeypatch
):
    readers(3)
    settings.MAILERS = smtp.mailers()
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    monkeypatch.setattr(locks, "LOCK_WAIT_SECONDS", 0.2)
    # That version held the send's lock alone for as long as it delivered, and its
    # claims named no worker: a worker that joined it could not tell its rows in flight.
    older = psycopg.connect(Workers(smtp, Path()).env["DATABASE_URL"], autocommit=True)
    try:
        older.execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, send.pk])
        report = sending.send_deliver(send_id=send.pk)
        assert locks.is_being_delivered(send.pk)
    finally:
        older.close()

    assert report.stopped == delivery_report.STOPPED_OLDER and report.sent == 0
    assert ledger(send) == Counter({R.QUEUED: 3})
    assert smtp.recorder.counts() == Counter()
    # Once it has gone (its connection closed, which the server sees a moment later)…
    deadline = time.monotonic() + 10
    while locks.is_being_delivered(send.pk):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    # …a worker of this version delivers the send.
    assert sending.send_deliver(send_id=send.pk).sent == 3
