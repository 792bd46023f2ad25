"""Sending an edition to its subscribers, through a per-recipient ledger.

The promises, and how each is kept:

- Only confirmed daily subscribers who want one of the edition's sections, and whose
  address is not suppressed, get a ledger row; each is checked again just before its
  message goes, so whoever unsubscribes during a send is skipped.
- Nobody is missed and nobody gets it twice beyond the one message in flight when a
  worker dies: a row is marked SENDING, with the worker that claimed it, in a committed
  transaction before its message goes to the mail server, and SENT (with the
  Message-ID) in its own committed update right after.
- Several workers share a send: it is handed to ROUNDUP_SEND_WORKERS task workers, each
  claims its own batches (SKIP LOCKED on PostgreSQL, a compare-and-set UPDATE on
  SQLite), and a lone worker still delivers everything. Each worker holds a lock on its
  own token for as long as it lives, which the database or the operating system drops
  the moment it dies (a PostgreSQL advisory lock, or a file lock beside the SQLite
  database). Rows left SENDING by a worker whose lock is free are taken over, when a
  worker starts and by the others while they send: the first of them may have reached
  the server, so it goes again (same Message-ID); the rest never left and simply go back
  in the queue.
- A worker whose database connection is cut reconnects (with backoff) and carries on:
  the message it had in flight is still recorded as sent, and rows another worker took
  over meanwhile are left to that worker, so the cut repeats nothing. On PostgreSQL its
  lock went with the connection, so the others give its message in flight time to be
  recorded (`recovery.recovery_grace`) before sending it again.
- Pause takes effect between two messages: the send's status is read before each.
- A 4xx answer is retried with exponential backoff, up to MAX_ATTEMPTS; a 5xx refusal of
  the address fails the row and suppresses the address; a dropped connection to the
  mail server is reopened with backoff, and a mail server that stays away leaves the
  rest queued for the scheduler to hand out again.

Nothing here may send to an address without a ledger row saying so first.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from crontask import cron
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.tasks import task
from django.utils import timezone

from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.roundup.delivery import ledger, locks, sending
from chorus.roundup.delivery.ledger import ABANDONED_AFTER
from chorus.roundup.models import Edition, Recipient, Send


@transaction.atomic
def send_schedule(
    *, edition: Edition, actor: Any, send_at: datetime.datetime, enqueue: bool = True
) -> Send:
    """Schedule an approved edition; its ledger is written now, in one transaction.

    A send not started yet is moved to the new time instead. When `send_at` has come
    the send starts at once and, with `enqueue`, its workers are asked to deliver it.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.APPROVED:
        raise ValidationError("Only an approved edition can be scheduled.")
    send = Send.objects.filter(edition=edition).first()
    if send is not None:
        if send.status != Send.Status.SCHEDULED:
            raise ValidationError("This edition is already being sent.")
        before = send.send_at
        send.send_at = send_at
        send.save(update_fields=["send_at"])
        added = ledger.recipients_add(send=send)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=send,
            changes={"send_at": {"from": str(before), "to": str(send_at)}},
            note=f"Moved; {added} new recipients",
        )
    else:
        send = Send.objects.create(edition=edition, send_at=send_at)
        added = ledger.recipients_add(send=send)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=send,
            changes={"send_at": {"from": None, "to": str(send_at)}, "recipients": added},
            note=f"Scheduled for {added} recipients",
        )
    Edition.objects.filter(pk=edition.pk).update(send_at=send_at)
    if send_at <= timezone.now():
        send_start(send=send, enqueue=enqueue)
    return send


def send_hand_out(send_id: int) -> None:
    """Ask ROUNDUP_SEND_WORKERS task workers to deliver a send together."""
    for _ in range(settings.ROUNDUP_SEND_WORKERS):
        sending.deliver_send.enqueue(send_id)


def send_start(*, send: Send, enqueue: bool = True) -> bool:
    """Start a due, scheduled send (see `ledger.send_begin`) and, with `enqueue`, ask its
    workers to deliver it once the transaction commits. True if it started."""
    with transaction.atomic():
        if not ledger.send_begin(send=send):
            return False
        if enqueue:
            transaction.on_commit(partial(send_hand_out, send.pk))
    return True


@transaction.atomic
def send_pause(*, send: Send, actor: Any) -> None:
    """Stop a send between two messages; nothing already sent is touched."""
    paused = Send.objects.filter(
        pk=send.pk, status__in=[Send.Status.SCHEDULED, Send.Status.SENDING]
    ).update(status=Send.Status.PAUSED)
    if not paused:
        raise ValidationError("Only a scheduled or running send can be paused.")
    send.status = Send.Status.PAUSED
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=send, note="Paused")


@transaction.atomic
def send_resume(*, send: Send, actor: Any) -> None:
    """Carry on where the send stopped: everyone already sent to is left alone."""
    current = Send.objects.select_for_update().get(pk=send.pk)
    if current.status != Send.Status.PAUSED:
        raise ValidationError("Only a paused send can be resumed.")
    status = Send.Status.SENDING if current.started_at else Send.Status.SCHEDULED
    Send.objects.filter(pk=send.pk).update(status=status, last_error="")
    send.status = status
    audit_record(actor=actor, action=AuditAction.UPDATE, instance=send, note="Resumed")
    if status == Send.Status.SENDING:
        transaction.on_commit(partial(send_hand_out, send.pk))
    elif current.send_at <= timezone.now():
        send_start(send=send)


def sends_start_due() -> int:
    """Start every scheduled send whose time has come; restart abandoned ones. Idempotent.

    A send that is SENDING but held by no worker (its workers were killed, or their tasks
    were lost) is handed to workers again once it has work due; while one of its workers
    lives, that worker takes over the others' rows itself. Returns how many started.
    """
    now = timezone.now()
    started = 0
    due = Send.objects.filter(
        status=Send.Status.SCHEDULED, send_at__lte=now, edition__status=Edition.Status.APPROVED
    )
    for send in due:
        if send_start(send=send):
            started += 1
    for send in Send.objects.filter(status=Send.Status.SENDING):
        if locks.is_being_delivered(send.pk) or ledger.send_finish_if_complete(send=send):
            continue
        if _has_due_work(send, now) and _quiet_since(send) < now - ABANDONED_AFTER:
            send_hand_out(send.pk)
    return started


def _quiet_since(send: Send) -> datetime.datetime:
    """The last sign of life of a send: started, a row claimed, or a message sent."""
    latest = Recipient.objects.filter(send=send).aggregate(
        claimed=Max("claimed_at"), sent=Max("sent_at")
    )
    moments = [t for t in (send.started_at, latest["claimed"], latest["sent"]) if t]
    return max(moments) if moments else send.send_at


def _has_due_work(send: Send, now: datetime.datetime) -> bool:
    return Recipient.objects.filter(
        Q(status__in=[Recipient.Status.QUEUED, Recipient.Status.SENDING])
        | Q(status=Recipient.Status.RETRY, next_attempt_at__lte=now),
        send=send,
    ).exists()


@cron("* * * * *")  # every minute: a send goes out within a minute of its time
@task
def start_due_sends() -> int:
    """Start sends whose time has come, and hand abandoned ones to workers again."""
    return sends_start_due()
