"""Sending an edition: one send, and one ledger row per recipient.

The ledger is what makes a send safe to pause, resume and kill at any moment: a row
is claimed before its message goes to the mail server and marked sent right after,
so a restarted worker skips everything already sent and at most the one message in
flight can go twice. Several workers may share a send: each row says which one holds it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from chorus.roundup.editions.models import Edition
from chorus.roundup.subscribers.models import Subscriber


class Send(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        DONE = "done", "Done"

    edition = models.OneToOneField(Edition, on_delete=models.PROTECT, related_name="send")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    send_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Why the last worker stopped short (the mail server could not be reached, …), for
    # staff, with any address taken out.
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-send_at"]

    def __str__(self) -> str:
        return f"Send of {self.edition}"


class DeliveryError(models.TextChoices):
    """What kind of problem a message met, in words anyone who watches a send may read."""

    MAILBOX_UNAVAILABLE = "mailbox", "Mailbox unavailable"
    TEMPORARY = "temporary", "Temporary failure"
    REJECTED = "rejected", "Rejected"
    CONNECTION = "connection", "Connection"
    INVALID_ADDRESS = "invalid", "Invalid address"
    INTERRUPTED = "interrupted", "Interrupted"


class Recipient(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "In flight"
        SENT = "sent", "Sent"
        RETRY = "retry", "Waiting to retry"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed before sending)"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="recipients")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The token of the worker that claimed the row (each worker run draws one and holds a
    # lock on it while it lives): who may mark it, and whose rows to take over if that
    # worker stops. Kept on a sent row: which worker sent it.
    claimed_by = models.PositiveIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    # The mail server's reply, or why it was skipped, with every address taken out
    # (chorus.lib.redact): staff who may not see subscribers watch sends too.
    last_error = models.CharField(max_length=500, blank=True)
    error_class = models.CharField(max_length=12, choices=DeliveryError.choices, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="roundup_recipient_once"),
        ]
        indexes: ClassVar = [models.Index(fields=["send", "status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.email

    @classmethod
    def erase_personal_data(cls, records: models.QuerySet[Recipient]) -> None:
        """Erasure of the person: the ledger keeps that a message went, not to whom."""
        records.filter(status__in=[cls.Status.QUEUED, cls.Status.RETRY]).update(
            status=cls.Status.SKIPPED, last_error="The person's data was erased."
        )
        for pk in records.values_list("pk", flat=True):
            cls.objects.filter(pk=pk).update(email=f"erased-{pk}@erased.invalid")
