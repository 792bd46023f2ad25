"""Delivering an edition through a real (local) SMTP server: who gets it, and how often."""

from __future__ import annotations

import asyncio
import datetime
import email
import email.policy
import io
import socket
import threading
import time
from collections import Counter
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chorus.monitoring.models import NewsRegion
from chorus.privacy.models import AuditEntry
from chorus.roundup.delivery import ledger as send_ledger
from chorus.roundup.delivery import locks, recovery, sending
from chorus.roundup.delivery import report as delivery_report
from chorus.roundup.delivery import selectors as delivery_selectors
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Edition, EditionItem, Recipient, Send, Subscriber, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services

pytestmark = pytest.mark.django_db

R = Recipient.Status


# --- A local mail server ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Recorder:
    """An SMTP handler that keeps every accepted message per address.

    `replies` lets a test answer RCPT TO for an address with, say, "450 …" a few times.

    A gate holds the answer to DATA, once `hold_after` messages were accepted or for a
    message to an address in `hold_for`, until `gate` is set. A message is counted only
    when its 250 is about to go: a connection closed while its answer is held (its worker
    killed) leaves the message unaccepted, as RFC 5321 has it (the server takes
    responsibility for a message only by replying 250 to its data).
    """

    def __init__(self, *, keep_content: bool = True) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[str, bytes]] = []
        self.replies: dict[str, list[str]] = {}
        self.keep_content = keep_content
        self.hold_after: int | None = None
        self.hold_for: set[str] = set()
        self.gate = threading.Event()
        self.waiting = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        with self.lock:
            planned = self.replies.get(address.lower())
            if planned:
                return planned.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def _held(self, addresses: list[str]) -> bool:
        with self.lock:
            if self.gate.is_set():
                return False
            if self.hold_after is not None and len(self.messages) >= self.hold_after:
                return True
            return any(address.lower() in self.hold_for for address in addresses)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self._held(envelope.rcpt_tos):
            with self.lock:
                self.waiting += 1
            try:
                # Cancelled, and the message not counted, if the connection closes.
                while not self.gate.is_set():
                    await asyncio.sleep(0.005)
            finally:
                with self.lock:
                    self.waiting -= 1
        content = envelope.content if self.keep_content else b""
        with self.lock:
            for address in envelope.rcpt_tos:
                self.messages.append((address.lower(), content))
        return "250 Message accepted for delivery"

    def wait_for_held(self, count: int, timeout: float = 60) -> None:
        """Wait until `count` messages are held at the gate."""
        deadline = time.monotonic() + timeout
        while self.waiting < count:
            assert time.monotonic() < deadline, f"{self.waiting} messages held, not {count}"
            time.sleep(0.005)

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(address for address, _ in self.messages)

    def message_ids(self) -> dict[str, str]:
        with self.lock:
            return {
                address: email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]
                for address, raw in self.messages
            }


class SmtpServer:
    def __init__(self, *, keep_content: bool = True) -> None:
        self.port = free_port()
        self.recorder = Recorder(keep_content=keep_content)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def mailers(self) -> dict[str, Any]:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "127.0.0.1",
                    "port": self.port,
                    "use_tls": False,
                    "timeout": 5,
                },
            }
        }


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers()
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"
    yield server
    server.stop()


# --- Records ---------------------------------------------------------------------------


def approved_edition(*sections: str, day: datetime.date | None = None) -> Edition:
    edition = Edition.objects.create(
        issue_date=day or datetime.date(2026, 11, 23),
        title="Migration news round-up, Monday 23 November 2026",
        status=Edition.Status.APPROVED,
    )
    for n, section in enumerate(sections or (NewsRegion.UK,), start=1):
        EditionItem.objects.create(
            edition=edition,
            section=section,
            position=n * 10,
            headline=f"Story {n}",
            url=f"https://news.example.org/{n}",
        )
    return edition


def subscriber(address: str, **fields: Any) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    return Subscriber.objects.create(email=address, **fields)


def readers(count: int) -> list[Subscriber]:
    return [subscriber(f"reader{n}@example.org") for n in range(1, count + 1)]


def ledger(send: Send) -> dict[str, str]:
    return dict(Recipient.objects.filter(send=send).values_list("email", "status"))


def scheduled_now(edition: Edition, actor: Any = None) -> Send:
    return delivery.send_schedule(
        edition=edition, actor=actor, send_at=timezone.now(), enqueue=False
    )


# --- Who receives it ----------------------------------------------------------------


def test_only_confirmed_daily_subscribers_who_want_a_section_and_are_not_suppressed(
    make_user,
):
    edition = approved_edition(NewsRegion.UK, NewsRegion.EUROPE)
    subscriber("everything@example.org")
    subscriber("europe@example.org", sections=[NewsRegion.EUROPE])
    subscriber("international@example.org", sections=[NewsRegion.INTERNATIONAL])
    subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)
    subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    subscriber("left@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    subscriber("bounced@example.org", status=Subscriber.Status.SUPPRESSED)
    subscriber("complained@example.org")
    Suppression.objects.create(email="Complained@Example.org", reason=Suppression.Reason.COMPLAINT)
    coordinator = make_user("coordinator")

    send = delivery.send_schedule(
        edition=edition,
        actor=coordinator,
        send_at=timezone.now() + datetime.timedelta(hours=1),
    )

    assert ledger(send) == {
        "everything@example.org": R.QUEUED,
        "europe@example.org": R.QUEUED,
    }
    assert send.status == Send.Status.SCHEDULED
    audit = AuditEntry.objects.get(object_type="roundup.send", object_id=str(send.pk))
    assert audit.actor == coordinator and "2 recipients" in audit.note


def test_a_draft_edition_cannot_be_scheduled():
    edition = approved_edition()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    edition.refresh_from_db()

    with pytest.raises(ValidationError):
        delivery.send_schedule(edition=edition, actor=None, send_at=timezone.now())
    assert not Send.objects.exists()


# --- Delivering ----------------------------------------------------------------------


def test_everyone_gets_it_once_and_the_edition_is_published(smtp):
    people = readers(5)
    edition = approved_edition()

    send = scheduled_now(edition)
    report = sending.send_deliver(send_id=send.pk)

    assert report.sent == 5 and report.stopped == delivery_report.STOPPED_DONE
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    send.refresh_from_db()
    edition.refresh_from_db()
    assert send.status == Send.Status.DONE and send.finished_at
    assert edition.status == Edition.Status.SENT and edition.published_at
    rows = Recipient.objects.filter(send=send)
    assert {row.status for row in rows} == {R.SENT}
    # The ledger keeps the Message-ID each reader's message carried.
    received = smtp.recorder.message_ids()
    assert {row.email: row.message_id for row in rows} == received
    # Running the worker again sends nothing more.
    assert sending.send_deliver(send_id=send.pk).sent == 0
    assert sum(smtp.recorder.counts().values()) == 5


def test_a_deferred_address_is_tried_again_later_with_backoff(smtp):
    first, busy, last = readers(3)
    smtp.recorder.replies[busy.email] = ["450 4.2.1 Mailbox busy, try later"]
    send = scheduled_now(approved_edition())

    start = timezone.now()
    report = sending.send_deliver(send_id=send.pk)

    assert report.sent == 2 and report.retried == 1
    assert report.stopped == delivery_report.STOPPED_WAITING
    row = Recipient.objects.get(send=send, email=busy.email)
    assert row.status == R.RETRY and row.attempts == 1
    assert "450" in row.last_error
    assert row.next_attempt_at >= start + send_ledger.RETRY_BASE
    # Not due yet: another run leaves it waiting.
    assert sending.send_deliver(send_id=send.pk).sent == 0
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1)):
        report = sending.send_deliver(send_id=send.pk)
    assert report.sent == 1 and report.stopped == delivery_report.STOPPED_DONE
    assert smtp.recorder.counts() == Counter({first.email: 1, busy.email: 1, last.email: 1})
    row.refresh_from_db()
    assert row.status == R.SENT and row.attempts == 2
    assert Send.objects.get(pk=send.pk).status == Send.Status.DONE


def test_an_address_deferred_every_time_fails_after_the_last_attempt(smtp):
    (busy,) = readers(1)
    smtp.recorder.replies[busy.email] = ["451 4.3.0 Try again"] * send_ledger.MAX_ATTEMPTS
    send = scheduled_now(approved_edition())

    moment = timezone.now()
    for attempt in range(send_ledger.MAX_ATTEMPTS):
        with time_machine.travel(moment):
            sending.send_deliver(send_id=send.pk)
        moment += send_ledger.RETRY_BASE * 2**attempt + datetime.timedelta(seconds=1)

    row = Recipient.objects.get(send=send)
    assert row.status == R.FAILED and row.attempts == send_ledger.MAX_ATTEMPTS
    assert smtp.recorder.counts() == Counter()
    assert Send.objects.get(pk=send.pk).status == Send.Status.DONE
    # A deferral is not a refusal: the address stays on the list.
    assert not subscriber_selectors.is_suppressed(busy.email)


def test_a_refused_address_fails_and_is_never_mailed_again(smtp):
    fine, gone = readers(2)
    smtp.recorder.replies[gone.email] = ["550 5.1.1 No such mailbox"]
    send = scheduled_now(approved_edition())

    report = sending.send_deliver(send_id=send.pk)

    assert report.sent == 1 and report.failed == 1
    assert ledger(send) == {fine.email: R.SENT, gone.email: R.FAILED}
    assert "550" in Recipient.objects.get(send=send, email=gone.email).last_error
    suppression = Suppression.objects.get(email__iexact=gone.email)
    assert suppression.reason == Suppression.Reason.SMTP_REJECTED
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.SUPPRESSED
    assert smtp.recorder.counts() == Counter({fine.email: 1})
    # The next edition does not even list the address.
    tomorrow = approved_edition(day=datetime.date(2026, 11, 24))
    assert gone.email not in ledger(
        delivery.send_schedule(edition=tomorrow, actor=None, send_at=timezone.now(), enqueue=False)
    )


def test_pause_takes_effect_between_two_messages_and_resume_carries_on(
    smtp, monkeypatch, make_user
):
    people = readers(10)
    coordinator = make_user("coordinator")
    send = scheduled_now(approved_edition())
    monkeypatch.setattr(sending, "PROGRESS_EVERY_SECONDS", 0)

    def pause_after_three(state: dict[str, Any]) -> None:
        if state["counts"][R.SENT] == 3 and state["status"] == Send.Status.SENDING:
            delivery.send_pause(send=send, actor=coordinator)

    report = sending.send_deliver(send_id=send.pk, progress=pause_after_three)

    assert report.stopped == delivery_report.STOPPED_PAUSED
    assert sum(smtp.recorder.counts().values()) == 3
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    statuses = Counter(ledger(send).values())
    assert statuses == Counter({R.SENT: 3, R.QUEUED: 7})
    # A paused send stays paused, whoever runs a worker.
    assert sending.send_deliver(send_id=send.pk).sent == 0

    delivery.send_resume(send=send, actor=coordinator)
    report = sending.send_deliver(send_id=send.pk)

    assert report.sent == 7
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    notes = list(
        AuditEntry.objects.filter(object_type="roundup.send").values_list("note", flat=True)
    )
    assert "Paused" in notes and "Resumed" in notes


def test_someone_who_unsubscribes_or_is_suppressed_during_the_send_is_skipped(smtp, monkeypatch):
    first, leaving, complaining, last = readers(4)
    send = scheduled_now(approved_edition())
    monkeypatch.setattr(sending, "PROGRESS_EVERY_SECONDS", 0)

    def changes_after_the_first(state: dict[str, Any]) -> None:
        if state["counts"][R.SENT] == 1 and not Suppression.objects.exists():
            subscriber_services.subscriber_unsubscribe(
                subscriber=Subscriber.objects.get(pk=leaving.pk), how="one-click"
            )
            # A complaint recorded by the mail provider, the subscriber row untouched.
            Suppression.objects.create(
                email=complaining.email.upper(), reason=Suppression.Reason.COMPLAINT
            )

    report = sending.send_deliver(send_id=send.pk, progress=changes_after_the_first)

    assert report.sent == 2 and report.skipped == 2
    assert smtp.recorder.counts() == Counter({first.email: 1, last.email: 1})
    row = Recipient.objects.get(send=send, email=leaving.email)
    assert row.status == R.SKIPPED and "Unsubscribed" in row.last_error
    row = Recipient.objects.get(send=send, email=complaining.email)
    assert row.status == R.SKIPPED and "do-not-send list" in row.last_error
    assert Send.objects.get(pk=send.pk).status == Send.Status.DONE


def test_a_lost_connection_is_reopened_and_nobody_is_missed(smtp, monkeypatch):
    people = readers(6)
    send = scheduled_now(approved_edition())
    monkeypatch.setattr(sending, "PROGRESS_EVERY_SECONDS", 0)
    restarted = []

    def restart_server_after_two(state: dict[str, Any]) -> None:
        if state["counts"][R.SENT] == 2 and not restarted:
            restarted.append(True)
            smtp.stop()  # the worker's open connection dies with it
            smtp.controller = Controller(smtp.recorder, hostname="127.0.0.1", port=smtp.port)
            smtp.start()

    report = sending.send_deliver(send_id=send.pk, progress=restart_server_after_two)

    assert restarted and report.stopped == delivery_report.STOPPED_DONE
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    assert set(ledger(send).values()) == {R.SENT}


def test_a_mail_server_gone_for_a_while_mid_send_is_waited_for_and_nothing_is_lost(
    smtp, monkeypatch, caplog
):
    people = readers(6)
    send = scheduled_now(approved_edition())
    monkeypatch.setattr(sending, "PROGRESS_EVERY_SECONDS", 0)
    monkeypatch.setattr(sending, "CONNECT_BACKOFF", (0.1, 0.2, 0.4, 0.8, 1.6))
    back = threading.Event()

    def come_back() -> None:
        time.sleep(0.5)
        smtp.controller = Controller(smtp.recorder, hostname="127.0.0.1", port=smtp.port)
        smtp.start()
        back.set()

    def stop_server_after_two(state: dict[str, Any]) -> None:
        if state["counts"][R.SENT] == 2 and not back.is_set() and not stopping.is_alive():
            smtp.stop()  # the worker's open connection dies with it
            stopping.start()

    stopping = threading.Thread(target=come_back)
    with caplog.at_level("WARNING", logger="chorus.roundup.delivery.sending"):
        report = sending.send_deliver(send_id=send.pk, progress=stop_server_after_two)
    stopping.join()

    assert back.is_set() and report.stopped == delivery_report.STOPPED_DONE
    # While it was away, the worker tried again, waiting longer each time.
    tries = [r for r in caplog.records if "Could not reach the mail server" in r.getMessage()]
    assert tries
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    assert set(ledger(send).values()) == {R.SENT}
    # The message that met the closed connection was tried again, and went once.
    assert report.retried == 1
    assert sorted(Recipient.objects.filter(send=send).values_list("attempts", flat=True)) == [
        1,
        1,
        1,
        1,
        1,
        2,
    ]


def test_an_unreachable_mail_server_leaves_everyone_waiting(smtp, monkeypatch, settings):
    people = readers(3)
    send = scheduled_now(approved_edition())
    monkeypatch.setattr(sending, "CONNECT_BACKOFF", (0.01, 0.01))
    settings.MAILERS = {
        "default": {
            **smtp.mailers()["default"],
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }

    report = sending.send_deliver(send_id=send.pk)

    assert report.stopped == delivery_report.STOPPED_UNREACHABLE and report.sent == 0
    assert set(ledger(send).values()) == {R.QUEUED}
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    assert "Could not reach the mail server" in send.last_error

    settings.MAILERS = smtp.mailers()
    assert sending.send_deliver(send_id=send.pk).sent == 3
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    send.refresh_from_db()
    assert send.last_error == ""


def test_rows_claimed_before_workers_had_tokens_are_taken_over_and_only_the_first_goes_again(
    smtp,
):
    people = readers(4)
    send = scheduled_now(approved_edition())
    # A worker of the version before several workers could share a send claimed the
    # first three and was killed while sending the first: its rows name no worker.
    claimed = list(Recipient.objects.filter(send=send).order_by("pk")[:3])
    Recipient.objects.filter(pk__in=[r.pk for r in claimed]).update(
        status=R.SENDING, claimed_at=timezone.now()
    )

    report = sending.send_deliver(send_id=send.pk)

    assert report.recovered == 3 and report.sent == 4
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    in_flight = Recipient.objects.get(pk=claimed[0].pk)
    assert in_flight.attempts == 2 and in_flight.status == R.SENT
    assert [Recipient.objects.get(pk=r.pk).attempts for r in claimed[1:]] == [1, 1]


class OtherWorker:
    """Another worker's locks, held in a thread of its own (so with its own database
    connection) until `stop()`: a live worker, as far as anyone else can tell."""

    def __init__(self, send: Send) -> None:
        self.locks = locks.WorkerLocks(send.pk)
        self.holding, self.done = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        try:
            self.locks.acquire()
            self.holding.set()
            self.done.wait(timeout=60)
            self.locks.release()
        finally:
            connection.close()

    def start(self) -> int:
        self.thread.start()
        assert self.holding.wait(timeout=10)
        return self.locks.token

    def stop(self) -> None:
        self.done.set()
        self.thread.join(timeout=10)


def stopped_worker_token(send: Send) -> int:
    """The token of a worker that has stopped: drawn, then let go."""
    held = locks.WorkerLocks(send.pk)
    held.acquire()
    held.release()
    return held.token


def test_a_second_worker_joins_a_send_another_worker_is_delivering(smtp):
    people = readers(3)
    send = scheduled_now(approved_edition())
    other = OtherWorker(send)
    other.start()
    try:
        assert locks.is_being_delivered(send.pk)
        report = sending.send_deliver(send_id=send.pk)
    finally:
        other.stop()

    assert report.stopped == delivery_report.STOPPED_DONE and report.sent == 3
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    assert set(Recipient.objects.filter(send=send).values_list("claimed_by", flat=True)) == {
        report.worker
    }
    assert not locks.is_being_delivered(send.pk)


def test_the_rows_of_a_stopped_worker_are_taken_over_and_those_of_a_live_one_are_not(smtp):
    readers(7)
    send = scheduled_now(approved_edition())
    rows = list(Recipient.objects.filter(send=send).order_by("pk"))
    stopped = stopped_worker_token(send)
    other = OtherWorker(send)
    live = other.start()
    try:
        # The stopped worker had claimed three rows, and was sending the first; the live
        # one has two in hand.
        Recipient.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(
            status=R.SENDING, claimed_by=stopped, claimed_at=timezone.now()
        )
        Recipient.objects.filter(pk__in=[r.pk for r in rows[3:5]]).update(
            status=R.SENDING, claimed_by=live, claimed_at=timezone.now()
        )
        before = timezone.now()

        assert recovery.recover_stopped_workers(send) == 3

        state = {
            r.pk: (r.status, r.claimed_by, r.attempts) for r in Recipient.objects.filter(send=send)
        }
        assert state == {
            rows[0].pk: (R.RETRY, stopped, 1),
            rows[1].pk: (R.QUEUED, None, 0),
            rows[2].pk: (R.QUEUED, None, 0),
            rows[3].pk: (R.SENDING, live, 0),
            rows[4].pk: (R.SENDING, live, 0),
            rows[5].pk: (R.QUEUED, None, 0),
            rows[6].pk: (R.QUEUED, None, 0),
        }
        in_flight = Recipient.objects.get(pk=rows[0].pk)
        assert "may arrive twice" in in_flight.last_error
        assert in_flight.next_attempt_at >= before + recovery.recovery_grace()
        # Nobody else has stopped: nothing more to take over.
        assert recovery.recover_stopped_workers(send) == 0
    finally:
        other.stop()

    assert recovery.recover_stopped_workers(send) == 2
    assert Recipient.objects.get(pk=rows[3].pk).status == R.RETRY
    assert Recipient.objects.get(pk=rows[4].pk).status == R.QUEUED


def test_a_worker_with_nothing_left_waits_for_the_others_and_takes_over_when_one_stops(
    smtp, monkeypatch
):
    people = readers(5)
    send = scheduled_now(approved_edition())
    # What the takeover waits for is tested above; here it is not waited for.
    monkeypatch.setattr(recovery, "recovery_grace", lambda *args: datetime.timedelta(0))
    other = OtherWorker(send)
    live = other.start()
    theirs = list(Recipient.objects.filter(send=send).order_by("pk")[:2])
    Recipient.objects.filter(pk__in=[r.pk for r in theirs]).update(
        status=R.SENDING, claimed_by=live, claimed_at=timezone.now()
    )

    waited = []

    def stop_the_other_while_this_one_waits(state: dict[str, Any]) -> None:
        # The rest went; the other worker still holds its two, and this one waits.
        if state["counts"][R.SENT] == 3 and state["counts"][R.SENDING] == 2:
            waited.append(True)
            if len(waited) == 3:
                other.stop()

    monkeypatch.setattr(sending, "PROGRESS_EVERY_SECONDS", 0)
    try:
        report = sending.send_deliver(send_id=send.pk, progress=stop_the_other_while_this_one_waits)
    finally:
        other.stop()

    assert len(waited) >= 3 and report.stopped == delivery_report.STOPPED_DONE
    assert report.recovered == 2 and report.sent == 5
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
    assert Send.objects.get(pk=send.pk).status == Send.Status.DONE


# --- Scheduling and progress -----------------------------------------------------------


def test_the_scheduler_starts_a_send_when_its_time_comes_and_only_once(
    django_capture_on_commit_callbacks, settings
):
    settings.ROUNDUP_SEND_WORKERS = 3
    readers(2)
    edition = approved_edition()
    seven = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
    send = delivery.send_schedule(edition=edition, actor=None, send_at=seven)
    late_reader = subscriber("late@example.org")

    with time_machine.travel(seven - datetime.timedelta(minutes=1)):
        assert delivery.sends_start_due() == 0
    with time_machine.travel(seven + datetime.timedelta(seconds=5)):
        with django_capture_on_commit_callbacks(execute=True):
            assert delivery.sends_start_due() == 1
        assert delivery.sends_start_due() == 0
    # Handed to as many workers as the setting says, to share it.
    tasks = DBTaskResult.objects.filter(task_path__endswith="deliver_send")
    assert [t.args_kwargs["args"] for t in tasks] == [[send.pk], [send.pk], [send.pk]]
    # Its workers were killed and nothing happened for a while: it is handed out again.
    later = seven + send_ledger.ABANDONED_AFTER + datetime.timedelta(minutes=1)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert delivery.sends_start_due() == 0
    assert tasks.all().count() == 6

    send.refresh_from_db()
    edition.refresh_from_db()
    assert send.status == Send.Status.SENDING and edition.status == Edition.Status.SENDING
    # Confirmed since scheduling: added when the send starts.
    assert late_reader.email in ledger(send)


def test_progress_counts_the_ledger_by_status(smtp):
    readers(4)
    send = scheduled_now(approved_edition())
    sending.send_deliver(send_id=send.pk, stop_after=3)

    state = delivery_selectors.send_progress(send)

    assert state["total"] == 4 and state["finished"] == 3 and state["left"] == 1
    assert state["counts"][R.SENT] == 3 and state["counts"][R.QUEUED] == 1
    assert state["percent"] == 75.0
    assert state["status"] == Send.Status.SENDING
    assert state["rate_per_second"] > 0


def test_the_command_sends_an_edition_in_the_foreground(smtp):
    people = readers(3)
    approved_edition()
    out = io.StringIO()

    call_command("roundup_send", "2026-11-23", "--now", stdout=out)

    assert "sent 3/3 (100.0%)" in out.getvalue()
    assert "Everyone has been sent to." in out.getvalue()
    assert smtp.recorder.counts() == Counter({p.email: 1 for p in people})
