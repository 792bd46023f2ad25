"""The worker that delivers a send, message by message, through its ledger.

See `services` for the promises a send keeps; this module keeps those about
delivery: one worker per send, each message marked before and after it goes,
retries with backoff, and suppression of refused addresses.
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import smtplib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.tasks import task
from django.utils import timezone

from chorus.lib import mail
from chorus.lib.redact import redact_addresses
from chorus.roundup.delivery import errors as delivery_errors
from chorus.roundup.delivery import ledger
from chorus.roundup.delivery.ledger import (
    _LOCK_NAMESPACE,
    CLAIM_BATCH,
    CONNECT_BACKOFF,
    LOCK_WAIT_SECONDS,
    MAX_ATTEMPTS,
    PROGRESS_EVERY_SECONDS,
    RETRY_BASE,
)
from chorus.roundup.delivery.selectors import send_progress
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.models import DeliveryError, Recipient, Send, Subscriber, Suppression
from chorus.roundup.subscribers import services as subscriber_services

logger = logging.getLogger(__name__)


# --- The worker ----------------------------------------------------------------------


@dataclass
class DeliveryReport:
    send_id: int
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    stopped: str = ""
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "send_id": self.send_id,
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "skipped": self.skipped,
            "recovered": self.recovered,
            "stopped": self.stopped,
            "error": self.error,
            "elapsed_seconds": round(self.elapsed, 3),
        }


# Why a worker stopped, in words shown to staff.
STOPPED_DONE = "Everyone has been sent to."
STOPPED_PAUSED = "The send was paused."
STOPPED_WAITING = "Only deferred messages are left; they are tried again later."
STOPPED_LIMIT = "Stopped after the number of messages asked for."
STOPPED_LOCKED = "Another worker is delivering this send."
STOPPED_UNREACHABLE = "The mail server could not be reached."


class SendLock:
    """One worker per send: a lock that is dropped when its holder dies, however it dies."""

    _memory_locks: dict[int, threading.Lock] = {}
    _memory_guard = threading.Lock()

    def __init__(self, send_id: int) -> None:
        self.send_id = send_id
        self._file: Any = None
        self._memory: threading.Lock | None = None
        self._pg = False

    def _lock_path(self) -> Path:
        database = Path(str(connection.settings_dict["NAME"]))
        folder = database.with_name(database.name + ".locks")
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"roundup-send-{self.send_id}.lock"

    def try_acquire(self) -> bool:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, self.send_id]
                )
                self._pg = bool(cursor.fetchone()[0])
            return self._pg
        if connection.vendor == "sqlite" and not cast(Any, connection).is_in_memory_db():
            handle = self._lock_path().open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            self._file = handle
            return True
        # An in-memory database lives in one process: a lock in that process is enough.
        with self._memory_guard:
            lock = self._memory_locks.setdefault(self.send_id, threading.Lock())
        if lock.acquire(blocking=False):
            self._memory = lock
            return True
        return False

    def acquire(self, wait: float) -> bool:
        deadline = time.monotonic() + wait
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)
        return True

    def release(self) -> None:
        if self._pg:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, self.send_id])
            self._pg = False
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._memory is not None:
            self._memory.release()
            self._memory = None


def is_being_delivered(send_id: int) -> bool:
    """Is a worker delivering this send right now (is its lock held)?"""
    probe = SendLock(send_id)
    if probe.try_acquire():
        probe.release()
        return False
    return True


def _recover_in_flight(send: Send) -> int:
    """Put rows a dead worker left SENDING back in the queue. Returns how many there were.

    Rows are claimed in batches and sent in id order, so only the first SENDING row can
    have reached the mail server: it goes again, counted as an attempt (a message that
    kills its worker every time ends up FAILED, not in an endless loop). The others
    never left and go back untouched.
    """
    stale = list(
        Recipient.objects.filter(send=send, status=Recipient.Status.SENDING)
        .order_by("pk")
        .values_list("pk", "attempts")
    )
    if not stale:
        return 0
    (first_pk, attempts), rest = stale[0], [pk for pk, _ in stale[1:]]
    now = timezone.now()
    with transaction.atomic():
        Recipient.objects.filter(pk__in=rest, status=Recipient.Status.SENDING).update(
            status=Recipient.Status.QUEUED, claimed_at=None
        )
        note = delivery_errors.WORKER_STOPPED
        if attempts + 1 >= MAX_ATTEMPTS:
            Recipient.objects.filter(pk=first_pk).update(
                status=Recipient.Status.FAILED,
                attempts=F("attempts") + 1,
                last_error=f"{note}, {attempts + 1} times.",
                error_class=DeliveryError.INTERRUPTED,
            )
        else:
            Recipient.objects.filter(pk=first_pk).update(
                status=Recipient.Status.RETRY,
                attempts=F("attempts") + 1,
                next_attempt_at=now,
                last_error=f"{note}; it may arrive twice.",
                error_class=DeliveryError.INTERRUPTED,
            )
    logger.warning("Send %s: %s rows left in flight by a stopped worker", send.pk, len(stale))
    return len(stale)


def _due() -> Q:
    return Q(status=Recipient.Status.QUEUED) | Q(
        status=Recipient.Status.RETRY, next_attempt_at__lte=timezone.now()
    )


def _claim(send: Send, limit: int) -> list[Recipient]:
    """Mark up to `limit` due rows SENDING and commit, before any of them is sent."""
    with transaction.atomic():
        candidates = Recipient.objects.filter(_due(), send=send).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        stamp = timezone.now()
        # Compare-and-set: only rows still due are taken, whoever else is looking.
        Recipient.objects.filter(_due(), pk__in=ids).update(
            status=Recipient.Status.SENDING, claimed_at=stamp
        )
        return list(
            Recipient.objects.filter(
                pk__in=ids, status=Recipient.Status.SENDING, claimed_at=stamp
            ).order_by("pk")
        )


def _release(rows: Iterable[Recipient]) -> None:
    """Put claimed rows that were not attempted back in the queue."""
    Recipient.objects.filter(
        pk__in=[row.pk for row in rows], status=Recipient.Status.SENDING
    ).update(status=Recipient.Status.QUEUED, claimed_at=None)


def _skip_reason(
    subscriber: Subscriber | None, suppressed: bool, rendered: roundup_email.RenderedEdition
) -> str | None:
    """Why this subscriber must not get the message now, or None to send."""
    if subscriber is None:
        return "The subscriber was removed before sending."
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return f"{subscriber.get_status_display()} before sending."
    if subscriber.frequency != rendered.frequency:
        return f"Switched to the {subscriber.get_frequency_display().lower()} before sending."
    if suppressed:
        return "On the do-not-send list before sending."
    if not rendered.sections_for(subscriber):
        return "No longer wants any of this edition's sections."
    return None


def _retry_delay(attempts: int) -> datetime.timedelta:
    return RETRY_BASE * (2 ** max(attempts - 1, 0))


_SECTIONS_FIELD = Subscriber._meta.get_field("sections")


# Table names come from the models and are quoted; every value is a query parameter.
def _state_sql() -> str:
    quote = connection.ops.quote_name
    return (
        "SELECT s.email, s.status, s.frequency, s.sections, s.token, "  # noqa: S608
        f"(SELECT status FROM {quote(Send._meta.db_table)} WHERE id = %s), "
        f"EXISTS (SELECT 1 FROM {quote(Suppression._meta.db_table)} p "
        "WHERE LOWER(p.email) = LOWER(s.email)) "
        f"FROM {quote(Subscriber._meta.db_table)} s WHERE s.id = %s"
    )


def _sent_sql() -> str:
    return (
        f"UPDATE {connection.ops.quote_name(Recipient._meta.db_table)} "  # noqa: S608
        "SET status = %s, sent_at = %s, message_id = %s, email = %s, "
        "attempts = attempts + 1, next_attempt_at = NULL, last_error = '', error_class = '' "
        "WHERE id = %s AND status = %s"
    )


class _Mailer(mail.ReusedConnection):
    """One connection to the mail server for a run: the fast path when it can (lib.mail)."""

    def send_edition(
        self,
        rendered: roundup_email.RenderedEdition,
        subscriber: Subscriber,
        *,
        message_id: str,
    ) -> None:
        self.send(
            from_email=settings.ROUNDUP_FROM_EMAIL,
            to=subscriber.email,
            raw=partial(roundup_email.raw_message_for, rendered, subscriber, message_id=message_id),
            message=partial(roundup_email.message_for, rendered, subscriber, message_id=message_id),
        )


def _smtp_error(exc: Exception) -> tuple[str, int | None, str]:
    """(kind, code, text) of a failed send: kind is recipient, message, invalid or connection."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (None, b""))
        return "recipient", code, _text(text)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "connection", None, str(exc) or "The mail server closed the connection."
    if isinstance(exc, smtplib.SMTPResponseException):
        return "message", exc.smtp_code, _text(exc.smtp_error)
    if isinstance(exc, ValueError):
        return "invalid", None, str(exc)
    if isinstance(exc, OSError):
        return "connection", None, str(exc) or type(exc).__name__
    return "message", None, f"{type(exc).__name__}: {exc}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class _Stop(Exception):  # noqa: N818 - a signal within the worker loop, not an error
    def __init__(self, reason: str, error: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error


class _Worker:
    def __init__(
        self,
        send: Send,
        report: DeliveryReport,
        *,
        stop_after: int | None,
        progress_callback: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.send = send
        self.report = report
        self.stop_after = stop_after
        self.progress_callback = progress_callback
        self.rendered = roundup_email.render_edition(send.edition)
        self.mailer = _Mailer()
        self.last_progress = 0.0

    def tick(self, force: bool = False) -> None:
        self.report.elapsed = time.monotonic() - self.report.started
        if self.progress_callback is None:
            return
        now = time.monotonic()
        if force or now - self.last_progress >= PROGRESS_EVERY_SECONDS:
            self.last_progress = now
            self.progress_callback(send_progress(self.send))

    def send_status(self) -> str | None:
        return Send.objects.filter(pk=self.send.pk).values_list("status", flat=True).first()

    def run_batch(self, rows: list[Recipient]) -> None:
        for index, row in enumerate(rows):
            if self.stop_after is not None and self.report.handled >= self.stop_after:
                _release(rows[index:])
                raise _Stop(STOPPED_LIMIT)
            subscriber, suppressed, send_status = self.fresh_state(row)
            if send_status != Send.Status.SENDING:
                _release(rows[index:])
                raise _Stop(STOPPED_PAUSED)
            try:
                self.deliver_one(row, subscriber, suppressed)
            except _Stop:
                _release(rows[index + 1 :])
                raise
            self.tick()

    def connect(self, row: Recipient) -> None:
        """Open the connection, waiting longer after each failure; give up past the last wait."""
        for wait in (*CONNECT_BACKOFF, None):
            try:
                self.mailer.open()
                return
            except (OSError, smtplib.SMTPException) as exc:
                self.mailer.reset()
                problem = redact_addresses(
                    f"Could not reach the mail server: {exc or type(exc).__name__}"
                )
                logger.warning("Send %s: %s", self.send.pk, problem)
                if wait is None:
                    _release([row])
                    raise _Stop(STOPPED_UNREACHABLE, problem) from exc
                time.sleep(wait)
                if self.send_status() != Send.Status.SENDING:
                    _release([row])
                    raise _Stop(STOPPED_PAUSED) from exc

    def fresh_state(self, row: Recipient) -> tuple[Subscriber | None, bool, str | None]:
        """The row's subscriber, whether the address is suppressed, and the send's status, as
        they are now: read before every message, so pause and unsubscribe act at once.

        One hand-written query (the ORM's own compiling costs more than the query on this
        path, which runs for every message); the suppression test is the same rule as
        subscriber_selectors.is_suppressed.
        """
        with connection.cursor() as cursor:
            cursor.execute(_state_sql(), [self.send.pk, row.subscriber_id])
            found = cursor.fetchone()
        if found is None:
            return None, False, self.send_status()
        address, status, frequency, sections, token, send_status, suppressed = found
        subscriber = Subscriber(
            pk=row.subscriber_id,
            email=address,
            status=status,
            frequency=frequency,
            sections=_SECTIONS_FIELD.from_db_value(sections, cast(Any, None), connection),
            token=token,
        )
        return subscriber, bool(suppressed), send_status

    def mark_sent(self, row: Recipient, address: str, message_id: str) -> None:
        """Record a message the mail server accepted, committed at once (autocommit)."""
        with connection.cursor() as cursor:
            cursor.execute(
                _sent_sql(),
                [
                    Recipient.Status.SENT,
                    connection.ops.adapt_datetimefield_value(timezone.now()),
                    message_id,
                    address,
                    row.pk,
                    Recipient.Status.SENDING,
                ],
            )

    def deliver_one(self, row: Recipient, subscriber: Subscriber | None, suppressed: bool) -> None:
        reason = _skip_reason(subscriber, suppressed, self.rendered)
        if reason is not None or subscriber is None:
            Recipient.objects.filter(pk=row.pk, status=Recipient.Status.SENDING).update(
                status=Recipient.Status.SKIPPED, last_error=reason or "", error_class=""
            )
            self.report.skipped += 1
            return
        self.connect(row)
        message_id = roundup_email.message_id_for(self.send.pk, row.pk)
        try:
            self.mailer.send_edition(self.rendered, subscriber, message_id=message_id)
        except Exception as exc:  # noqa: BLE001 - every failure is sorted and recorded below
            self.failed(row, subscriber, exc)
            return
        self.mark_sent(row, subscriber.email, message_id)
        self.report.sent += 1

    def failed(self, row: Recipient, subscriber: Subscriber, exc: Exception) -> None:
        kind, code, text = _smtp_error(exc)
        # Stored and logged without the address: volunteers watch sends too.
        detail = delivery_errors.redacted_reply(code, text, subscriber.email)
        attempts = row.attempts + 1
        update: dict[str, Any] = {
            "attempts": attempts,
            "last_error": detail,
            "error_class": delivery_errors.classify(kind, code, text),
        }
        if kind == "connection":
            # The message may or may not have gone; it is tried again soon on a new
            # connection, and counts as an attempt so a message that breaks the
            # connection every time cannot loop for ever.
            self.mailer.reset()
        permanent = kind == "invalid" or (code is not None and 500 <= code < 600)
        if permanent or attempts >= MAX_ATTEMPTS:
            update["status"] = Recipient.Status.FAILED
            self.report.failed += 1
        else:
            update["status"] = Recipient.Status.RETRY
            delay = datetime.timedelta(0) if kind == "connection" else _retry_delay(attempts)
            update["next_attempt_at"] = timezone.now() + delay
            self.report.retried += 1
        with transaction.atomic():
            Recipient.objects.filter(pk=row.pk, status=Recipient.Status.SENDING).update(**update)
            if kind == "recipient" and code is not None:
                subscriber_services.suppression_record_smtp_refusal(
                    email=subscriber.email, code=code, message=text
                )
        logger.info("Send %s: %s for recipient %s: %s", self.send.pk, kind, row.pk, detail)


def send_deliver(
    *,
    send_id: int,
    batch_size: int = CLAIM_BATCH,
    stop_after: int | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    wait_for_retries: bool = False,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> DeliveryReport:
    """Deliver a send until nobody is left, it is paused, or the mail server is gone.

    Safe to run at any time and to kill at any line. A scheduled send whose time has
    come is started. With `wait_for_retries` (the command line) the worker waits for
    deferred messages instead of leaving them to the next run.
    """
    report = DeliveryReport(send_id=send_id)
    lock = SendLock(send_id)
    if not lock.acquire(wait=lock_wait):
        report.stopped = STOPPED_LOCKED
        return report
    try:
        _deliver_locked(
            send_id,
            report,
            batch_size=batch_size,
            stop_after=stop_after,
            progress_callback=progress,
            wait_for_retries=wait_for_retries,
        )
    finally:
        try:
            lock.release()
        except Exception:  # noqa: BLE001 - a lost connection has dropped the lock already
            logger.warning("Send %s: releasing the worker lock failed", send_id, exc_info=True)
        report.elapsed = time.monotonic() - report.started
    return report


def _deliver_locked(
    send_id: int,
    report: DeliveryReport,
    *,
    batch_size: int,
    stop_after: int | None,
    progress_callback: Callable[[dict[str, Any]], None] | None,
    wait_for_retries: bool,
) -> None:
    send = Send.objects.select_related("edition").get(pk=send_id)
    if send.status == Send.Status.SCHEDULED and not ledger.send_begin(send=send):
        report.stopped = "The send is not due yet, or its edition is no longer approved."
        return
    send.refresh_from_db()
    if send.status != Send.Status.SENDING:
        report.stopped = f"The send is {send.get_status_display().lower()}."
        return
    report.recovered = _recover_in_flight(send)
    worker = _Worker(send, report, stop_after=stop_after, progress_callback=progress_callback)
    try:
        while True:
            rows = _claim(send, batch_size)
            if rows:
                worker.run_batch(rows)
                continue
            if ledger.send_finish_if_complete(send=send):
                raise _Stop(STOPPED_DONE)
            if worker.send_status() != Send.Status.SENDING:
                raise _Stop(STOPPED_PAUSED)
            next_try = Recipient.objects.filter(send=send, status=Recipient.Status.RETRY).aggregate(
                at=Min("next_attempt_at")
            )["at"]
            if not wait_for_retries or next_try is None:
                raise _Stop(STOPPED_WAITING)
            worker.mailer.reset()  # do not hold an idle connection for minutes
            worker.tick()
            wait = (next_try - timezone.now()).total_seconds()
            time.sleep(min(max(wait, 0.05), 5.0))
    except _Stop as stop:
        report.stopped = stop.reason
        report.error = stop.error
    finally:
        worker.mailer.reset()
        Send.objects.filter(pk=send.pk).update(last_error=report.error[:500])
        worker.tick(force=True)
    if report.error:
        logger.error("Send %s stopped: %s", send.pk, report.error)


@task
def deliver_send(send_id: int) -> dict[str, Any]:
    """Deliver one send until it is done, paused, or only deferred messages are left."""
    # A second task for the same send gives way at once: one worker delivers a send.
    return send_deliver(send_id=send_id, lock_wait=1).as_json()
