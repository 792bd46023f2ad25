"""The audit log, and the answers given in retention reviews.

Audit rows are only ever added. The one exception is erasure
(`chorus.privacy.erasure`), which strips the values earlier rows hold about the
erased person and leaves who did what and when; nothing deletes an audit row. (A
one-time migration, accounts 0002, also replaced what had been typed as an unknown
username in failed sign-ins: it may have been a password.)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOGOUT = "logout", "Signed out"


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept apart from the foreign key so the trail survives the account's removal.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    # {field: {"from": old, "to": new}} for ordinary fields; {field: "changed"} for
    # sensitive ones, whose values never enter the log.
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # A list page writes one row per page view, naming the records it showed (their ids,
    # as strings); searching the log for a record finds these views too.
    shown = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    @property
    def changed_fields(self) -> list[str]:
        return sorted(self.changes)


class ErasureReason(models.TextChoices):
    """Why a person was erased: only the category is ever recorded, never the details."""

    REQUEST = "request", "The person asked to be erased"
    RETENTION = "retention", "Retention period ended"
    WITHDRAWN = "withdrawn", "Left the network and withdrew consent"
    OTHER = "other", "Other lawful reason"


class RetentionDecision(models.Model):
    """A reviewer's answer to one retention flag: keep the record, or erase its person.

    The record is named by its kind (`voices.storytellerprofile`) and id rather than by
    a foreign key, so privacy needs no other app's models; the kinds are those
    registered with a retention rule (`chorus.privacy.registry`). A confirmed erasure is
    carried out by the nightly retention task once the flag is 30 days old, so the
    person can still be reached and asked before anything goes.
    """

    class Decision(models.TextChoices):
        KEEP = "keep", "Keep"
        ERASE = "erase", "Erase"

    record_type = models.CharField(max_length=100)
    record_id = models.PositiveBigIntegerField()
    # The flag this decision answers; a later flag needs a new decision.
    flagged_on = models.DateField()
    decision = models.CharField(max_length=5, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    carried_out_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "flagged_on"],
                name="retention_decision_one_per_flag",
            )
        ]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="privacy_retention_record_idx")
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_decision_display()} {self.record_type} #{self.record_id} "
            f"(flagged {self.flagged_on})"
        )
