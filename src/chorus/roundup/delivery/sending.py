"""The workers that deliver a send, message by message, through its ledger.

See `services` for the promises a send keeps; this module keeps those about
delivery: several workers may share a send, each message is marked before and after it
goes (with the worker that holds it), the rows of a worker that stopped are taken over
by the others, a lost database connection is reopened without losing or repeating a
message, retries with backoff, and suppression of refused addresses.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Min, Q
from django.tasks import task
from django.utils import timezone

from chorus.lib import mail
from chorus.lib.redact import redact_addresses
from chorus.roundup.delivery import errors as delivery_errors
from chorus.roundup.delivery import ledger, recovery
from chorus.roundup.delivery.ledger import (
    CLAIM_BATCH,
    CONNECT_BACKOFF,
    MAX_ATTEMPTS,
    OTHERS_WAIT_SECONDS,
    PROGRESS_EVERY_SECONDS,
    RECONNECT_BACKOFF,
    RECOVERY_CHECK_SECONDS,
    RETRY_BASE,
)
from chorus.roundup.delivery.locks import TokenTaken, WorkerLocks
from chorus.roundup.delivery.recovery import recover_stopped_workers
from chorus.roundup.delivery.report import (
    STOPPED_CUT_OFF,
    STOPPED_DONE,
    STOPPED_LIMIT,
    STOPPED_OLDER,
    STOPPED_OTHERS,
    STOPPED_PAUSED,
    STOPPED_UNREACHABLE,
    STOPPED_WAITING,
    DeliveryReport,
)
from chorus.roundup.delivery.selectors import send_progress
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.models import Recipient, Send, Subscriber, Suppression
from chorus.roundup.subscribers import services as subscriber_services

logger = logging.getLogger(__name__)

T = TypeVar("T")


# --- Claiming ----------------------------------------------------------------------------


def _due() -> Q:
    return Q(status=Recipient.Status.QUEUED) | Q(
        status=Recipient.Status.RETRY, next_attempt_at__lte=timezone.now()
    )


def _claim(send: Send, limit: int, worker: int) -> list[Recipient]:
    """Mark up to `limit` due rows SENDING for `worker` and commit, before any is sent."""
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
            status=Recipient.Status.SENDING, claimed_at=stamp, claimed_by=worker
        )
        return list(
            Recipient.objects.filter(
                pk__in=ids, status=Recipient.Status.SENDING, claimed_by=worker, claimed_at=stamp
            ).order_by("pk")
        )


def _release(pks: Iterable[int], worker: int) -> None:
    """Put rows `worker` claimed but did not attempt back in the queue."""
    Recipient.objects.filter(
        pk__in=list(pks), status=Recipient.Status.SENDING, claimed_by=worker
    ).update(status=Recipient.Status.QUEUED, claimed_at=None, claimed_by=None)


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
    # The worker's own row, in flight; or put back for retry by another worker while this
    # one was cut off from the database, and not claimed again since.
    return (
        f"UPDATE {connection.ops.quote_name(Recipient._meta.db_table)} "  # noqa: S608
        "SET status = %s, sent_at = %s, message_id = %s, email = %s, next_attempt_at = NULL, "
        # Putting the row back for retry counted this attempt already.
        "attempts = CASE WHEN status = %s THEN attempts + 1 ELSE attempts END, "
        "last_error = '', error_class = '' "
        "WHERE id = %s AND claimed_by = %s AND status IN (%s, %s)"
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
        locks: WorkerLocks,
        *,
        stop_after: int | None,
        progress_callback: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.send = send
        self.report = report
        self.locks = locks
        self.me = locks.token
        self.stop_after = stop_after
        self.progress_callback = progress_callback
        self.rendered = roundup_email.render_edition(send.edition)
        self.mailer = _Mailer()
        self.last_progress = 0.0
        self.last_recovery = time.monotonic()
        # The rows claimed and not yet done with, and the one whose message is going now.
        self.hand: set[int] = set()
        self.in_flight: int | None = None
        self.cut_off = False
        # Cut off, and another worker has its token now: it must not touch the ledger.
        self.lost = False
        # Other workers' rows in flight, and since when they have been the same.
        self.others: set[int] = set()
        self.others_since = 0.0

    # The database, through a connection that may be lost -----------------------------

    def db(self, step: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one database step; when the connection is lost, reconnect and run it again.

        Every step is safe to run twice: each update names the row's worker and the status
        it expects, and a claim whose answer was lost is given back (`rejoin`).
        """
        waits = iter(RECONNECT_BACKOFF)
        while True:
            try:
                if self.cut_off:
                    if self.lost:
                        raise _Stop(STOPPED_CUT_OFF)
                    try:
                        self.rejoin()
                    except _Stop:
                        self.lost = True
                        raise
                    self.cut_off = False
                return step(*args, **kwargs)
            except (OperationalError, InterfaceError) as exc:
                wait = next(waits, None)
                # Inside a caller's transaction there is nothing to retry on its own.
                if wait is None or connection.in_atomic_block:
                    raise
                logger.warning(
                    "Send %s: the database connection failed (%s); reconnecting in %s s",
                    self.send.pk,
                    exc,
                    wait,
                )
                self.cut_off = True
                with contextlib.suppress(Exception):
                    connection.close()
                time.sleep(wait)

    def rejoin(self) -> None:
        """On a new connection: take the locks back, give back rows a claim took when its
        answer was lost, and let go of rows another worker took over meanwhile (their worker
        looked stopped while its connection was gone)."""
        try:
            self.locks.restore()
        except TokenTaken as exc:
            raise _Stop(STOPPED_CUT_OFF) from exc
        mine = Recipient.objects.filter(
            send=self.send, status=Recipient.Status.SENDING, claimed_by=self.me
        )
        mine.exclude(pk__in=self.hand).update(
            status=Recipient.Status.QUEUED, claimed_at=None, claimed_by=None
        )
        kept = set(mine.filter(pk__in=self.hand).values_list("pk", flat=True))
        # The message going now is recorded by its own update, whoever holds the row now.
        if self.in_flight is not None:
            kept.add(self.in_flight)
        taken = self.hand - kept
        if taken:
            logger.warning(
                "Send %s: %s rows were taken over by another worker while this one was cut off",
                self.send.pk,
                len(taken),
            )
        self.hand &= kept

    def send_status(self) -> str | None:
        return self.db(
            lambda: Send.objects.filter(pk=self.send.pk).values_list("status", flat=True).first()
        )

    def tick(self, force: bool = False) -> None:
        self.report.elapsed = time.monotonic() - self.report.started
        if self.progress_callback is None or self.lost:
            return
        now = time.monotonic()
        if force or now - self.last_progress >= PROGRESS_EVERY_SECONDS:
            self.last_progress = now
            self.progress_callback(self.db(send_progress, self.send))

    # Claiming, and what other workers left --------------------------------------------

    def claim(self, limit: int) -> list[Recipient]:
        rows = self.db(_claim, self.send, limit, self.me)
        self.hand = {row.pk for row in rows}
        return rows

    def release_hand(self) -> None:
        if self.hand and not self.lost:
            self.db(_release, set(self.hand), self.me)
            self.hand.clear()

    def recover(self) -> int:
        """Take over the rows of workers that stopped; how many."""
        self.last_recovery = time.monotonic()
        found = self.db(recover_stopped_workers, self.send, me=self.me, backend=self.mailer.backend)
        self.report.recovered += found
        return found

    def recover_now_and_then(self) -> None:
        if time.monotonic() - self.last_recovery >= RECOVERY_CHECK_SECONDS:
            self.recover()

    def wait_for_others(self) -> bool:
        """Wait a moment if other workers hold rows in flight. False if none do.

        They finish them within seconds, or stop and are taken over (`recover`). A worker
        whose rows do not move for OTHERS_WAIT_SECONDS is left to finish them alone.
        """
        others = set(
            self.db(
                lambda: list(
                    Recipient.objects.filter(send=self.send, status=Recipient.Status.SENDING)
                    .exclude(claimed_by=self.me)
                    .values_list("pk", flat=True)
                )
            )
        )
        if not others:
            return False
        now = time.monotonic()
        if others != self.others:
            self.others, self.others_since = others, now
            self.mailer.reset()  # do not hold an idle connection meanwhile
        elif now - self.others_since >= OTHERS_WAIT_SECONDS:
            raise _Stop(STOPPED_OTHERS)
        self.tick()
        time.sleep(0.2)
        return True

    # Sending ------------------------------------------------------------------------

    def run_batch(self, rows: list[Recipient]) -> None:
        try:
            for row in rows:
                if row.pk not in self.hand:
                    continue  # taken over by another worker while this one was cut off
                if self.stop_after is not None and self.report.handled >= self.stop_after:
                    raise _Stop(STOPPED_LIMIT)
                subscriber, suppressed, send_status = self.db(self.fresh_state, row)
                if row.pk not in self.hand:
                    continue
                if send_status != Send.Status.SENDING:
                    raise _Stop(STOPPED_PAUSED)
                self.deliver_one(row, subscriber, suppressed)
                self.tick()
        except _Stop:
            self.release_hand()
            raise
        self.hand.clear()

    def connect(self) -> None:
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
                    raise _Stop(STOPPED_UNREACHABLE, problem) from exc
                time.sleep(wait)
                if self.send_status() != Send.Status.SENDING:
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
            status = Send.objects.filter(pk=self.send.pk).values_list("status", flat=True).first()
            return None, False, status
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
                    Recipient.Status.SENDING,
                    row.pk,
                    self.me,
                    Recipient.Status.SENDING,
                    Recipient.Status.RETRY,
                ],
            )
            marked = cursor.rowcount
        if not marked:
            logger.warning(
                "Send %s: recipient %s was taken over by another worker while its message "
                "was going; it may arrive twice",
                self.send.pk,
                row.pk,
            )

    def mark_skipped(self, row: Recipient, reason: str) -> None:
        Recipient.objects.filter(
            pk=row.pk, status=Recipient.Status.SENDING, claimed_by=self.me
        ).update(status=Recipient.Status.SKIPPED, last_error=reason, error_class="")

    def done_with(self, row: Recipient) -> None:
        self.hand.discard(row.pk)
        self.in_flight = None

    def deliver_one(self, row: Recipient, subscriber: Subscriber | None, suppressed: bool) -> None:
        reason = _skip_reason(subscriber, suppressed, self.rendered)
        if reason is not None or subscriber is None:
            self.db(self.mark_skipped, row, reason or "")
            self.done_with(row)
            self.report.skipped += 1
            return
        self.connect()
        if row.pk not in self.hand:
            return  # taken over while the connection to the database was being reopened
        message_id = roundup_email.message_id_for(self.send.pk, row.pk)
        self.in_flight = row.pk
        try:
            self.mailer.send_edition(self.rendered, subscriber, message_id=message_id)
        except Exception as exc:  # noqa: BLE001 - every failure is sorted and recorded below
            self.db(self.failed, row, subscriber, exc)
            self.done_with(row)
            return
        self.db(self.mark_sent, row, subscriber.email, message_id)
        self.done_with(row)
        self.report.sent += 1

    def failed(self, row: Recipient, subscriber: Subscriber, exc: Exception) -> None:
        kind, code, text = delivery_errors.smtp_error(exc)
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
            outcome = "failed"
        else:
            update["status"] = Recipient.Status.RETRY
            delay = datetime.timedelta(0) if kind == "connection" else _retry_delay(attempts)
            update["next_attempt_at"] = timezone.now() + delay
            outcome = "retried"
        with transaction.atomic():
            updated = Recipient.objects.filter(
                pk=row.pk,
                claimed_by=self.me,
                status__in=[Recipient.Status.SENDING, Recipient.Status.RETRY],
            ).update(**update)
            if updated and kind == "recipient" and code is not None:
                subscriber_services.suppression_record_smtp_refusal(
                    email=subscriber.email, code=code, message=text
                )
        if outcome == "failed":
            self.report.failed += 1
        else:
            self.report.retried += 1
        logger.info("Send %s: %s for recipient %s: %s", self.send.pk, kind, row.pk, detail)


def send_deliver(
    *,
    send_id: int,
    batch_size: int = CLAIM_BATCH,
    stop_after: int | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    wait_for_retries: bool = False,
) -> DeliveryReport:
    """Deliver a send, alongside any other workers on it, until nobody is left, it is
    paused, or the mail server is gone.

    Safe to run at any time, in any number of processes, and to kill at any line. A
    scheduled send whose time has come is started. With `wait_for_retries` (the command
    line) the worker waits for deferred messages instead of leaving them to the next run;
    without, it waits only for those due within `recovery_grace`.
    """
    report = DeliveryReport(send_id=send_id)
    locks = WorkerLocks(send_id)
    if not locks.acquire():
        report.stopped = STOPPED_OLDER
        return report
    report.worker = locks.token
    try:
        _deliver(
            send_id,
            report,
            locks,
            batch_size=batch_size,
            stop_after=stop_after,
            progress_callback=progress,
            wait_for_retries=wait_for_retries,
        )
    finally:
        locks.release()
        report.elapsed = time.monotonic() - report.started
    return report


def _deliver(
    send_id: int,
    report: DeliveryReport,
    locks: WorkerLocks,
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
    worker = _Worker(
        send, report, locks, stop_after=stop_after, progress_callback=progress_callback
    )
    report.recovered = worker.db(
        recover_stopped_workers, send, me=worker.me, starting=True, backend=worker.mailer.backend
    )
    try:
        while True:
            rows = worker.claim(batch_size)
            if rows:
                worker.run_batch(rows)
                worker.recover_now_and_then()
                continue
            if worker.recover():
                continue
            if worker.db(ledger.send_finish_if_complete, send=send):
                raise _Stop(STOPPED_DONE)
            status = worker.send_status()
            if status == Send.Status.DONE:  # another worker sent the last message
                raise _Stop(STOPPED_DONE)
            if status != Send.Status.SENDING:
                raise _Stop(STOPPED_PAUSED)
            if worker.wait_for_others():
                continue
            next_try = worker.db(
                lambda: Recipient.objects.filter(
                    send=send, status=Recipient.Status.RETRY
                ).aggregate(at=Min("next_attempt_at"))["at"]
            )
            soon = timezone.now() + recovery.recovery_grace(worker.mailer.backend)
            if next_try is None or not (wait_for_retries or next_try <= soon):
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
        if not worker.lost:
            worker.db(lambda: Send.objects.filter(pk=send.pk).update(last_error=report.error[:500]))
            worker.tick(force=True)
    if report.error:
        logger.error("Send %s stopped: %s", send.pk, report.error)


@task
def deliver_send(send_id: int) -> dict[str, Any]:
    """Deliver one send alongside the other workers on it, until it is done, paused, or
    only deferred messages are left. A send is handed to ROUNDUP_SEND_WORKERS of these."""
    return send_deliver(send_id=send_id).as_json()
