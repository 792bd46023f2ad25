"""The ledger of a send: one row per recipient, written before anything is sent.

Shared by the services that schedule and start sends and by the worker that
delivers them (`sending`): both move a send through its states here.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.roundup.delivery.selectors import eligible_subscribers
from chorus.roundup.editions.archive import archive_changed
from chorus.roundup.models import Edition, Recipient, Send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# 2, 4, 8 then 16 minutes between tries of a message the server deferred (4xx).
RETRY_BASE = datetime.timedelta(minutes=2)
# Seconds to wait before each new try to reach the mail server; past the last, stop.
CONNECT_BACKOFF: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)
CLAIM_BATCH = 20
# Seconds a worker waits for its share of a send's lock while a probe holds it.
LOCK_WAIT_SECONDS = 10.0
# Seconds to wait before each new try to reach the database after the worker's connection
# was lost; past the last, the worker stops and another takes its messages over.
RECONNECT_BACKOFF: tuple[float, ...] = (0.1, 0.5, 1.0, 2.0)
# How often a worker that is sending looks for workers that stopped, to take their rows.
RECOVERY_CHECK_SECONDS = 5.0
# A worker with nothing left to claim waits while other workers finish their messages in
# hand, taking them over if they stop; it gives up after this long without progress.
OTHERS_WAIT_SECONDS = 60.0
# A send with work due but no worker and no activity for this long was abandoned (its
# worker was killed, or its task lost): the scheduler hands it to a worker again.
ABANDONED_AFTER = datetime.timedelta(minutes=2)
# How often the progress callback is called, at most.
PROGRESS_EVERY_SECONDS = 1.0

OUTSTANDING = (Recipient.Status.QUEUED, Recipient.Status.SENDING, Recipient.Status.RETRY)
# The first keys of the PostgreSQL advisory locks: a send's (second key: the send's id),
# and a worker's presence (second key: the worker's token).
_LOCK_NAMESPACE = 0x52555044  # "RUPD"
_WORKER_NAMESPACE = 0x52555057  # "RUPW"


def recipients_add(*, send: Send) -> int:
    """Add a ledger row for each eligible subscriber who has none yet. Returns how many."""
    present = set(
        Recipient.objects.filter(send=send, subscriber__isnull=False).values_list(
            "subscriber_id", flat=True
        )
    )
    rows = [
        Recipient(send=send, subscriber_id=pk, email=address)
        for pk, address in eligible_subscribers(send.edition)
        if pk not in present
    ]
    Recipient.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def send_begin(*, send: Send) -> bool:
    """Move a due, scheduled send to SENDING (once, however many callers). True if it did.

    Subscribers confirmed since scheduling are added to the ledger first. An edition
    sent back to draft after scheduling does not start until it is approved again.
    """
    now = timezone.now()
    with transaction.atomic():
        started = Send.objects.filter(
            pk=send.pk,
            status=Send.Status.SCHEDULED,
            send_at__lte=now,
            edition__status__in=[Edition.Status.APPROVED, Edition.Status.SENDING],
        ).update(status=Send.Status.SENDING, started_at=now, last_error="")
        if not started:
            return False
        Edition.objects.filter(pk=send.edition_id).update(status=Edition.Status.SENDING)
        send.refresh_from_db()
        added = recipients_add(send=send)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            instance=send,
            note=f"Sending started ({added} recipients added since scheduling)",
        )
    return True


def send_finish_if_complete(*, send: Send) -> bool:
    """When no row is outstanding: the send is done and the edition is published."""
    with transaction.atomic():
        if Recipient.objects.filter(send=send, status__in=OUTSTANDING).exists():
            return False
        now = timezone.now()
        finished = Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            status=Send.Status.DONE, finished_at=now, last_error=""
        )
        if not finished:
            return False
        edition = Edition.objects.get(pk=send.edition_id)
        edition.status = Edition.Status.SENT
        edition.published_at = edition.published_at or now
        edition.save(update_fields=["status", "published_at"])
        archive_changed()  # the archive shows it from now on
        sent = Recipient.objects.filter(send=send, status=Recipient.Status.SENT).count()
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            instance=edition,
            note=f"Sent to {sent} subscribers",
        )
    return True
