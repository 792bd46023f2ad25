"""Who receives the round-up, on what basis, and who must never receive it again."""

from __future__ import annotations

import datetime
import secrets
from typing import ClassVar

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from chorus.monitoring.models import NewsRegion

# A sign-up not confirmed within this many days expires: its link stops working.
CONFIRMATION_DAYS = 7


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        SUPPRESSED = "suppressed", "Suppressed (bounced or complained)"

    # The token is a secret (it unsubscribes): it never enters the audit log.
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset({"token"})

    class Frequency(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Weekly digest"

    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    # Empty means every section.
    sections: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    # One secret per subscriber for confirm, preferences and unsubscribe links; it names
    # no one, and changing it invalidates every link sent before.
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    # The latest sign-up through the form: the confirmation link expires CONFIRMATION_DAYS
    # after it.
    signup_requested_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="roundup_subscriber_unique_email"),
        ]

    def __str__(self) -> str:
        return self.email

    def wants(self, section: str) -> bool:
        return not self.sections or section in self.sections

    @classmethod
    def erase_personal_data(cls, records: models.QuerySet[Subscriber]) -> None:
        """Erasure of the person: the address goes, and with it every round-up to it."""
        for pk in records.values_list("pk", flat=True):
            cls.objects.filter(pk=pk).update(
                email=f"erased-{pk}@erased.invalid",
                status=cls.Status.UNSUBSCRIBED,
                sections=[],
                token=new_token(),
                unsubscribed_at=timezone.now(),
            )

    @property
    def sections_label(self) -> str:
        if not self.sections:
            return "all sections"
        labels = dict(NewsRegion.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.sections)

    def confirmation_expired(self, now: datetime.datetime | None = None) -> bool:
        """A pending sign-up whose confirmation link is older than CONFIRMATION_DAYS."""
        if self.status != self.Status.PENDING:
            return False
        requested = self.signup_requested_at or self.created_at
        now = now or timezone.now()
        return now - requested > datetime.timedelta(days=CONFIRMATION_DAYS)


class SubscriberConsent(models.Model):
    """The record of agreeing to receive the round-up: when, how, and what they were told."""

    class Method(models.TextChoices):
        WEB_FORM = "web_form", "Sign-up form, confirmed by email"
        IMPORT = "import", "Imported from the existing list"
        IN_PERSON = "in_person", "In person"
        EMAIL_REQUEST = "email_request", "Asked by email"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=20, choices=Method.choices)
    wording = models.TextField(help_text="What the person was told when they agreed.")
    basis = models.CharField(
        max_length=200, blank=True, help_text="For imports: the basis recorded in the old list."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}, {self.given_at:%d %B %Y}"


class Suppression(models.Model):
    """An address that must not be sent to: it bounced hard, complained or was refused."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        SMTP_REJECTED = "smtp_rejected", "Refused by the mail server"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        MANUAL = "manual", "Added by staff"

    email = models.EmailField(max_length=254)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="roundup_suppression_unique_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


def _import_upload_path(instance: object, filename: str) -> str:
    # Kept for old migrations only: imports are stored by chorus.lib.imports now.
    return f"imports/subscribers/{timezone.now():%Y/%m}/{filename}"
