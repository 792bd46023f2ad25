"""Taking over the rows a stopped worker left in flight (see `sending`)."""

from __future__ import annotations

import contextlib
import datetime
import logging
from typing import Any

from django.core import mail as django_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chorus.roundup.delivery import errors as delivery_errors
from chorus.roundup.delivery.ledger import MAX_ATTEMPTS, RECONNECT_BACKOFF
from chorus.roundup.delivery.locks import lock_kind, worker_stopped
from chorus.roundup.models import DeliveryError, Recipient, Send

logger = logging.getLogger(__name__)

# --- Taking over from a stopped worker ---------------------------------------------------

# Seconds given for a message in flight when the mail backend has no timeout of its own.
_DEFAULT_MAIL_WAIT = 30.0


def recovery_grace(backend: Any = None) -> datetime.timedelta:
    """How long the message a stopped worker had in flight waits before it goes again.

    On PostgreSQL a worker's presence is its database connection, so a worker whose
    connection was cut looks stopped until it reconnects, while its message in flight
    may still be accepted by the mail server. It is given the time to finish that
    exchange (the mail backend's timeout), reconnect and record it, so the message does
    not go twice. A file or in-process lock is held by the process itself: a worker
    without one has stopped, and there is nothing to wait for.
    """
    if lock_kind() != "postgresql":
        return datetime.timedelta(0)
    if backend is None:
        backend = django_mail.mailers["default"]
    wait = getattr(backend, "timeout", None) or _DEFAULT_MAIL_WAIT
    return datetime.timedelta(seconds=float(wait) + sum(RECONNECT_BACKOFF) + 5.0)


def _recover_rows(send: Send, owner: int | None, *, check: bool, grace: datetime.timedelta) -> int:
    """Put back the SENDING rows of one stopped worker (see `recover_stopped_workers`)."""
    kind = lock_kind()
    with transaction.atomic():
        stopped = (
            worker_stopped(kind, owner)
            if check and owner is not None
            else contextlib.nullcontext(True)
        )
        with stopped as gone:
            if not gone:
                return 0
            stale = list(
                Recipient.objects.filter(
                    send=send, status=Recipient.Status.SENDING, claimed_by=owner
                )
                .order_by("pk")
                .values_list("pk", "attempts")
            )
            if not stale:
                return 0
            (first_pk, attempts), rest = stale[0], [pk for pk, _ in stale[1:]]
            left = Recipient.objects.filter(status=Recipient.Status.SENDING, claimed_by=owner)
            left.filter(pk__in=rest).update(
                status=Recipient.Status.QUEUED, claimed_at=None, claimed_by=None
            )
            note = delivery_errors.WORKER_STOPPED
            # The worker stays named on its message in flight: if it was only cut off from
            # the database, it may still record that the message went.
            if attempts + 1 >= MAX_ATTEMPTS:
                left.filter(pk=first_pk).update(
                    status=Recipient.Status.FAILED,
                    attempts=F("attempts") + 1,
                    last_error=f"{note}, {attempts + 1} times.",
                    error_class=DeliveryError.INTERRUPTED,
                )
            else:
                left.filter(pk=first_pk).update(
                    status=Recipient.Status.RETRY,
                    attempts=F("attempts") + 1,
                    next_attempt_at=timezone.now() + grace,
                    last_error=f"{note}; it may arrive twice.",
                    error_class=DeliveryError.INTERRUPTED,
                )
    logger.warning(
        "Send %s: %s rows left in flight by a stopped worker (%s)", send.pk, len(stale), owner
    )
    return len(stale)


def recover_stopped_workers(
    send: Send, *, me: int | None = None, starting: bool = False, backend: Any = None
) -> int:
    """Put rows that stopped workers left SENDING back in the queue. Returns how many.

    A worker sends its rows in id order and marks each before the next, so only the
    first of a stopped worker's SENDING rows can have reached the mail server: it goes
    again (after `recovery_grace`), counted as an attempt, so a message that kills its
    worker every time ends up FAILED, not in an endless loop. The others never left and
    go straight back. The rows of a worker that is alive are left alone.

    Rows with no worker were claimed before workers had tokens: their worker stopped.
    A worker that is `starting` (`me`) holds no rows yet: rows with its token were left by
    an earlier worker that drew the same token.
    """
    owners = set(
        Recipient.objects.filter(send=send, status=Recipient.Status.SENDING)
        .order_by()
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    if me in owners and not starting:
        owners.remove(me)
    if not owners:
        return 0
    grace = recovery_grace(backend)
    recovered = 0
    for owner in sorted(owners, key=lambda token: token or 0):
        known = owner is not None and owner != me
        recovered += _recover_rows(
            send, owner, check=known, grace=grace if known else datetime.timedelta(0)
        )
    return recovered
