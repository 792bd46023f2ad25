"""The clock jumps (a machine's clock corrected by an hour, a virtual machine resumed):
the scheduler's job fires again at moments it has already passed, or long after, and
still the send starts once and no address gets the edition twice.

Each tick is what production does: the scheduler queues `start_due_sends` and a worker
(django-tasks-db's own worker loop, run in this process) runs what is queued, including
the deliveries it hands out. Mail goes to a local SMTP server that counts per address.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from chorus.privacy.models import AuditEntry
from chorus.roundup.delivery import locks, sending
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Edition, Send, Subscriber
from tests.roundup.delivery.test_delivery import SmtpServer, approved_edition

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 6
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers()
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"
    yield server
    server.stop()


def run_queued() -> None:
    """A worker runs everything queued, then stops."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="clock-test",
        excluded_queue_names=[],
    ).run()


def tick(at: datetime.datetime) -> None:
    """The scheduler's every-minute job fires with the clock at `at`."""
    with time_machine.travel(at, tick=False):
        delivery.start_due_sends.enqueue()
        run_queued()


def deliveries_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="deliver_send").count()


def starts_recorded(send: Send) -> int:
    return AuditEntry.objects.filter(
        object_id=str(send.pk), note__startswith="Sending started"
    ).count()


@pytest.fixture
def scheduled(smtp):
    for n in range(1, READERS + 1):
        Subscriber.objects.create(email=f"reader{n}@example.org", status="confirmed")
    edition = approved_edition()
    seven = (timezone.now() + 2 * HOUR).replace(second=0, microsecond=0)
    send = delivery.send_schedule(edition=edition, actor=None, send_at=seven, enqueue=False)
    return send, seven


def everyone_once() -> Counter[str]:
    return Counter({f"reader{n}@example.org": 1 for n in range(1, READERS + 1)})


def test_ticks_again_after_the_clock_went_back_an_hour_start_nothing_and_send_nothing(
    scheduled, smtp, settings
):
    send, seven = scheduled
    tick(seven - datetime.timedelta(minutes=1))
    assert smtp.recorder.counts() == Counter()
    tick(seven + datetime.timedelta(seconds=5))
    assert smtp.recorder.counts() == everyone_once()
    send.refresh_from_db()
    started_at = send.started_at
    assert send.status == Send.Status.DONE
    handed_out = deliveries_queued()
    assert handed_out == settings.ROUNDUP_SEND_WORKERS

    # The clock is put back an hour: every tick of that hour comes round again,
    # the one that started the send included.
    for moment in (
        seven - HOUR + datetime.timedelta(minutes=5),
        seven - datetime.timedelta(minutes=1),
        seven,
        seven + datetime.timedelta(seconds=5),
        seven + datetime.timedelta(minutes=1),
    ):
        tick(moment)

    assert smtp.recorder.counts() == everyone_once()
    send.refresh_from_db()
    assert send.status == Send.Status.DONE and send.started_at == started_at
    assert send.edition.status == Edition.Status.SENT
    assert deliveries_queued() == handed_out
    assert starts_recorded(send) == 1


def test_a_clock_jump_in_the_middle_of_a_send_sends_nobody_twice(scheduled, smtp):
    send, seven = scheduled
    with time_machine.travel(seven + datetime.timedelta(seconds=5), tick=False):
        assert delivery.sends_start_due() == 1
        # One of the workers it was handed to has sent two messages so far.
        sending.send_deliver(send_id=send.pk, stop_after=2)
    assert sum(smtp.recorder.counts().values()) == 2
    handed_out = deliveries_queued()
    holding, done = threading.Event(), threading.Event()

    def worker_still_delivering() -> None:
        held = locks.WorkerLocks(send.pk)
        assert held.acquire()
        holding.set()
        done.wait(timeout=30)
        held.release()
        connection.close()

    thread = threading.Thread(target=worker_still_delivering)
    thread.start()
    assert holding.wait(timeout=10)
    try:
        # Forward an hour: to the scheduler the send looks long quiet, but a worker
        # holds it, so it is not handed out again. The workers it was first handed to
        # (their tasks run in this tick) share out the rest.
        tick(seven + HOUR)
        assert deliveries_queued() == handed_out
    finally:
        done.set()
        thread.join()
    assert smtp.recorder.counts() == everyone_once()

    # Back an hour, then on again past the start: nothing is started or sent again.
    for moment in (seven - HOUR, seven + datetime.timedelta(seconds=5), seven + 2 * HOUR):
        tick(moment)

    assert smtp.recorder.counts() == everyone_once()
    assert deliveries_queued() == handed_out
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert starts_recorded(send) == 1
