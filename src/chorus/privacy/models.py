"""The audit log, and the answers given in retention reviews.

Audit rows are only ever added. The one exception is erasure
(`chorus.privacy.erasure`), which strips the values earlier rows hold about the
erased person and leaves who did what and when; nothing deletes an audit row. (A
one-time migration, accounts 0002, also replaced what had been typed as an unknown
username in failed sign-ins: it may have been a password.)
"""

from __future__ import annotations

import datetime

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


# --- Personal-data breaches (UK GDPR Articles 33 and 34) -------------------------------

# A breach that is likely to put people at risk must be reported to the ICO within 72
# hours of the charity becoming aware of it (Article 33(1)).
ICO_DEADLINE_HOURS = 72


class Breach(models.Model):
    """One personal-data breach: what happened, to whose data, and what was done about it.

    The log is itself evidence for the ICO (Article 33(5) asks for every breach to be
    documented, reported or not). Its free text describes kinds of data and counts of
    people, never a person's name or their special-category details.
    """

    class IcoDecision(models.TextChoices):
        UNDECIDED = "undecided", "Not decided yet"
        REPORT = "report", "Must be reported to the ICO"
        NOT_REPORTABLE = "not_reportable", "Not reportable: unlikely to put people at risk"

    title = models.CharField(
        max_length=200, help_text="A short name, e.g. “Round-up sent to the wrong list”."
    )
    what_happened = models.TextField()
    data_affected = models.TextField(
        help_text="The kinds of data involved (e.g. email addresses, consent records)."
    )
    people_affected = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people, as far as is known."
    )
    people_categories = models.CharField(
        max_length=300, blank=True, help_text="Which groups, e.g. subscribers, storytellers."
    )
    special_category = models.BooleanField(
        default=False,
        help_text="Health, origin, immigration situation or other special-category data "
        "was involved (say so here, not in the text).",
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(help_text="When the charity became aware of it.")
    decisions = models.TextField(blank=True, help_text="What was decided, by whom, and why.")
    ico_decision = models.CharField(
        max_length=16, choices=IcoDecision.choices, default=IcoDecision.UNDECIDED
    )
    ico_reported_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=100, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def ico_deadline(self) -> datetime.datetime:
        return self.found_at + datetime.timedelta(hours=ICO_DEADLINE_HOURS)

    @property
    def awaits_ico(self) -> bool:
        """Open, and neither reported to the ICO nor judged not reportable."""
        return (
            self.closed_at is None
            and self.ico_reported_at is None
            and self.ico_decision != self.IcoDecision.NOT_REPORTABLE
        )


class BreachNotice(models.Model):
    """Someone who was told of a breach, and when: the ICO, the people affected, trustees."""

    class Told(models.TextChoices):
        ICO = "ico", "The ICO"
        PEOPLE_AFFECTED = "people", "The people affected"
        TRUSTEES = "trustees", "Trustees / director"
        PARTNER = "partner", "A partner or processor"
        POLICE = "police", "The police"
        OTHER = "other", "Someone else"

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="notices")
    told = models.CharField(max_length=16, choices=Told.choices)
    told_at = models.DateTimeField()
    how = models.CharField(
        max_length=300, blank=True, help_text="How, and any reference (never a person's name)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["told_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_told_display()} told {self.told_at:%Y-%m-%d %H:%M}"
