"""Training and events: courses, their sessions, registrations, attendance and feedback.

A course is a series (the media masterclass, a client's bespoke training, the monthly
comms meeting); a session is one occurrence of it, on a day, with its place, capacity,
language and trainers or speakers. Registrations follow CiviCRM's status classes:
positive (registered, attended), pending (awaiting confirmation, or a place offered
from the waiting list and held until `hold_until`), waiting, negative (no-show,
cancelled, expired). Head counts record people who came but are not named.

Who registered is personal data and, for courses for people with lived experience,
special-category data (a place implies an immigration situation): names, email
addresses, organisations and feedback quotes are encrypted, and an email address is
found again by its keyed hash (`email_hash`), never by its text.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models

from chorus.lib.crypto import EncryptedTextField
from chorus.media.models import Outlet, Placement
from chorus.people.models import Organisation, Person, Region
from chorus.voices.models import StorytellerProfile


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CourseKind(models.TextChoices):
    MASTERCLASS = "masterclass", "Free masterclass"
    BESPOKE = "bespoke", "Bespoke training session"
    REGIONAL = "regional", "Regional training day"
    COMMS_MEETING = "comms_meeting", "Comms meeting"
    PANEL = "panel", "Panel or briefing"


TRAINING_KINDS = (CourseKind.MASTERCLASS, CourseKind.BESPOKE, CourseKind.REGIONAL)
EVENT_KINDS = (CourseKind.COMMS_MEETING, CourseKind.PANEL)


class AttendeeKind(models.TextChoices):
    JOURNALIST = "journalist", "Journalist"
    SECTOR = "sector", "Sector (charities, networks, public bodies)"
    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    FUNDER = "funder", "Funder"
    OTHER = "other", "Other"


class Course(models.Model):
    """A course or a series of events; its sessions are the days it runs."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CourseKind.choices)
    for_lived_experience = models.BooleanField(
        "for people with lived experience",
        default=False,
        help_text="A place on it implies an immigration situation: names are shown only to "
        "roles that sign in with two factors.",
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS


class Session(models.Model):
    """One day (or evening) a course runs: a masterclass, a regional day, a panel…"""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to use the course's title."
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    place = models.CharField(max_length=300, blank=True, help_text="Address or venue.")
    online_url = models.URLField(
        "online link", max_length=500, blank=True, help_text="Sent to people with a place only."
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places; empty for no limit."
    )
    language = models.CharField(max_length=100, default="English")
    interpreter = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'Farsi interpreter booked'."
    )
    speakers = models.CharField(
        "trainers or speakers",
        max_length=300,
        blank=True,
        help_text="Names as they may be published, e.g. a comms meeting's guest speaker.",
    )
    is_public = models.BooleanField(
        "public sign-up",
        default=False,
        help_text="Listed in the public calendar, with a sign-up page.",
    )
    # Bespoke sessions: the client, the fee and whether it was paid.
    client = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        help_text="Bespoke sessions: the organisation trained.",
    )
    fee = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    fee_paid = models.BooleanField(default=False)
    # Regional training days: where, and the partner that hosted it.
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="training_sessions"
    )
    host = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_training_sessions",
        help_text="Regional days: the partner that hosted it.",
    )
    # Zoom meeting ID or Eventbrite event ID: how an attendance import finds the session.
    external_id = models.CharField(
        "Zoom meeting or Eventbrite event ID", max_length=100, blank=True, db_index=True
    )
    # The anonymous feedback link handed out in the room (no registration needed).
    feedback_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset({"feedback_token"})

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["course", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_at:%d %b %Y})"

    @property
    def name(self) -> str:
        return self.title or self.course.title

    @property
    def reference(self) -> str:
        return f"TS-{self.pk}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Registration(models.Model):
    """One person's place (or wish for one) on a session."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        OFFERED = "offered", "Place offered from the waiting list"
        REGISTERED = "registered", "Registered"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "No-show"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired (not confirmed in time)"

    class Source(models.TextChoices):
        WEB = "web", "Public sign-up page"
        STAFF = "staff", "Registered by staff"
        ZOOM = "zoom", "Zoom participant report"
        EVENTBRITE = "eventbrite", "Eventbrite attendee report"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_registrations",
    )
    # A name, or for lived experience a pseudonym; never searched in the database.
    name = EncryptedTextField(blank=True)
    by_pseudonym = models.BooleanField(default=False)
    email = EncryptedTextField(blank=True)
    # A keyed hash of the lower-cased address: finds "the same address" without its text.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Who counts as the same person across sessions (an email hash, else the person, else
    # this registration alone): distinct participants are counted by it.
    identity_key = models.CharField(max_length=80, db_index=True)
    organisation_name = EncryptedTextField(blank=True)
    attendee_kind = models.CharField(
        max_length=20, choices=AttendeeKind.choices, default=AttendeeKind.SECTOR
    )
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set from the course when the registration is made: special-category data.
    lived_experience = models.BooleanField(default=False, db_index=True)
    storyteller = models.ForeignKey(
        StorytellerProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_registrations",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    consent_wording = models.TextField(blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    # The waiting list's order: who asked first.
    waiting_since = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    feedback_given = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"name", "email", "email_hash", "identity_key", "organisation_name", "token"}
    )
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"reminder_sent_at", "follow_up_sent_at"}
    )
    # Statuses that hold a place (an offer holds it until `hold_until`).
    HOLDS_PLACE: ClassVar[tuple[str, ...]] = ("offered", "registered", "attended", "no_show")
    LIVE: ClassVar[tuple[str, ...]] = (
        "pending",
        "offered",
        "registered",
        "attended",
        "no_show",
        "waiting",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        # Figures count attended registrations by session, kind of attendee and person
        # (an index-only scan on PostgreSQL); the check-in list filters by status.
        indexes = [
            models.Index(
                fields=["session", "status", "attendee_kind", "identity_key"],
                name="training_reg_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.audit_label()

    def audit_label(self) -> str:
        return f"Registration #{self.pk}"

    @property
    def reference(self) -> str:
        return f"P-{self.pk}"


class HeadCount(models.Model):
    """People who came and are not named: a count by kind of attendee (and outlet)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="head_counts")
    attendee_kind = models.CharField(max_length=20, choices=AttendeeKind.choices)
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attendee_kind", "pk"]

    def __str__(self) -> str:
        return f"{self.count} {self.get_attendee_kind_display()}"


class Feedback(models.Model):
    """One feedback form: confidence before and after, language, a quote and its permission."""

    class QuotePermission(models.TextChoices):
        YES = "yes", "Yes, with my name"
        ANONYMOUSLY = "anonymously", "Yes, anonymously"
        NO = "no", "No"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="feedback")
    # Empty when the form was given anonymously.
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    confidence_before = models.PositiveSmallIntegerField()
    confidence_after = models.PositiveSmallIntegerField()
    language = models.CharField(
        "language or interpreter used", max_length=100, blank=True, default=""
    )
    quote = EncryptedTextField(blank=True)
    quote_permission = models.CharField(
        max_length=12, choices=QuotePermission.choices, default=QuotePermission.NO
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"quote"})

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence_before__gte=1, confidence_before__lte=5)
                & models.Q(confidence_after__gte=1, confidence_after__lte=5),
                name="training_feedback_confidence_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback #{self.pk}"

    @property
    def change(self) -> int:
        return self.confidence_after - self.confidence_before


class Outcome(models.Model):
    """What an event led to: a placement recorded in media, or a news article elsewhere."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="outcomes")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # An article not recorded as a placement (another outlet's story it inspired).
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or (str(self.placement) if self.placement_id else self.url)
