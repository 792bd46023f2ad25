"""The storytellers network: profiles, consent, safeguarding, programmes and support.

These records describe refugees and asylum seekers; a leak can endanger them.
Identity details, country of origin, immigration situation and every free-text
note are EncryptedTextFields: unreadable in the database files and backups,
never searchable in SQL, never in URLs, logs or audit rows (their names are in
SENSITIVE_FIELDS). Reads go through `access.get_storyteller_for`, which audits them.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from chorus.lib.crypto import EncryptedTextField


class IdentityLevel(models.TextChoices):
    """How identifiable a person is in a use of their story, least to most."""

    ANONYMOUS = "anonymous", "Anonymous"
    PSEUDONYM = "pseudonym", "Pseudonym"
    FIRST_NAME = "first_name", "First name only"
    NAMED = "named", "Full name"

    @classmethod
    def rank(cls, value: str) -> int:
        return [c.value for c in cls].index(value)


class MediaType(models.TextChoices):
    PRINT = "print", "Print"
    ONLINE = "online", "Online"
    BROADCAST = "broadcast", "Broadcast (TV / radio)"
    SOCIAL = "social", "Social media"
    PODCAST = "podcast", "Podcast"
    PHOTO = "photo", "Photo"
    VIDEO = "video", "Video"
    EXHIBITION = "exhibition", "Exhibition"


class Theme(models.Model):
    """A lived-experience theme a storyteller can speak to (editable list)."""

    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class StorytellerProfile(models.Model):
    """A person with lived experience whom the charity supports to tell their story.

    Their Person record in the directory carries only a reference (e.g. "Storyteller
    S-0042"); their names live here, encrypted.
    """

    class NameInMedia(models.TextChoices):
        REAL_NAME = "real_name", "Real name"
        FIRST_NAME = "first_name", "First name only"
        PSEUDONYM = "pseudonym", "Pseudonym"
        ANONYMOUS = "anonymous", "Anonymous"

    class ContactRoute(models.TextChoices):
        PHONE = "phone", "Phone"
        WHATSAPP = "whatsapp", "WhatsApp"
        EMAIL = "email", "Email"
        PARTNER = "partner", "Through a partner organisation"
        HEAD_OF_VOICES = "head_of_voices", "Only through the Head of Voices"

    class Experience(models.TextChoices):
        NEW = "new", "New to media"
        SOME = "some", "Some media experience"
        EXPERIENCED = "experienced", "Experienced"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left the network"
        ERASED = "erased", "Erased"

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="storyteller"
    )
    reference = models.CharField(
        max_length=20, unique=True, help_text="Non-identifying code, e.g. S-0042."
    )
    legal_name = EncryptedTextField(blank=True)
    name_in_media = models.CharField(
        max_length=20, choices=NameInMedia.choices, default=NameInMedia.ANONYMOUS
    )
    media_name = EncryptedTextField(
        blank=True, help_text="The first name or pseudonym used in media."
    )
    contact_details = EncryptedTextField(blank=True)
    preferred_contact_route = models.CharField(
        max_length=20, choices=ContactRoute.choices, default=ContactRoute.HEAD_OF_VOICES
    )
    country_of_origin = EncryptedTextField(blank=True)
    immigration_situation = EncryptedTextField(
        blank=True, help_text="Optional. Only what is needed to keep them safe."
    )
    region = models.ForeignKey("people.Region", null=True, blank=True, on_delete=models.SET_NULL)
    themes = models.ManyToManyField(Theme, blank=True, related_name="storytellers")
    media_training_done = models.BooleanField(default=False)
    experience = models.CharField(max_length=12, choices=Experience.choices, default=Experience.NEW)
    is_available = models.BooleanField(default=True)
    availability_note = models.CharField(max_length=200, blank=True)
    last_media_appearance = models.DateField(null=True, blank=True)
    story_notes = EncryptedTextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # Retention: profiles with no activity for the configured period are flagged for review.
    last_active_on = models.DateField(default=datetime.date.today)
    flagged_for_erasure_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {
            "legal_name",
            "media_name",
            "contact_details",
            "country_of_origin",
            "immigration_situation",
            "story_notes",
        }
    )

    class Meta:
        ordering = ["reference"]
        verbose_name = "storyteller"  # what staff call them (the audit log names types so)

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"Storyteller {self.reference}"


class StorytellerLanguage(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", "Basic"
        CONVERSATIONAL = "conversational", "Conversational"
        FLUENT = "fluent", "Fluent"
        NATIVE = "native", "First language"

    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(max_length=50, db_index=True)
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.FLUENT)
    needs_interpreter = models.BooleanField(default=False)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["storyteller", "language"], name="storyteller_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class Interpreter(models.Model):
    """A professional or volunteer interpreter the charity books."""

    name = models.CharField(max_length=200)
    languages = models.CharField(max_length=300, help_text="Comma-separated, e.g. 'Farsi, Dari'.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [lang.strip() for lang in self.languages.split(",") if lang.strip()]


class Consent(models.Model):
    """Informed, specific, time-limited agreement to uses of a person's story.

    `chorus.voices.consent.consent_covers` is the only judge of whether a consent
    covers a use.
    """

    class How(models.TextChoices):
        WRITTEN = "written", "Written"
        VERBAL = "verbal", "Verbal"
        RECORDED = "recorded", "Recorded (audio / video)"

    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="consents"
    )
    given_on = models.DateField()
    how = models.CharField(max_length=10, choices=How.choices)
    language = models.CharField(max_length=50, default="English")
    interpreter = models.ForeignKey(Interpreter, null=True, blank=True, on_delete=models.SET_NULL)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    information_version = models.CharField(
        max_length=100,
        blank=True,
        help_text="Which version of the information sheet they were given.",
    )
    information_given = models.TextField(
        blank=True, help_text="What they were told, in the words used."
    )
    media_types = models.JSONField(default=list, help_text="MediaType values this consent allows.")
    identity_level = models.CharField(
        max_length=12,
        choices=IdentityLevel.choices,
        help_text="The most identifying level allowed.",
    )
    face_shown = models.BooleanField(default=False)
    # Outlets they do not want, by name: each outlet's organisation in `people`.
    excluded_organisations = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="+"
    )
    excluded_outlet_kinds = models.JSONField(
        default=list, blank=True, help_text="OutletKind codes excluded."
    )
    excluded_audiences = models.JSONField(
        default=list, blank=True, help_text="Codes of the audience segments excluded."
    )
    topics = EncryptedTextField(
        blank=True, help_text="Topics they agreed to talk about, and any they did not."
    )
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_how = models.CharField(max_length=10, choices=How.choices, blank=True)
    withdrawal_note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"topics", "withdrawal_note"})

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"Consent #{self.pk} of {self.storyteller}"


class StoryUse(models.Model):
    """One use of a storyteller's story: a placement, a pitch, a post, an archive entry.

    Written when the use is made, with the consent that covered it, so a withdrawal
    can list every use and what to do about each. What it was a use in belongs to the
    app that made it: the use names it by kind and id (`object_id`, e.g. a placement's
    id for a placement use) and in words (`description`), and that app describes it on
    voices' pages (`chorus.voices.uses`). voices holds no foreign key to other apps.
    """

    class Kind(models.TextChoices):
        PLACEMENT = "placement", "Placement"
        PITCH = "pitch", "Pitch"
        POST = "post", "Social media post"
        ARCHIVE = "archive", "Round-up archive entry"
        PODCAST_GUEST = "podcast_guest", "Podcast guest"
        CREATIVE = "creative", "Creative project"
        CASE_STUDY = "case_study", "Report case study"

    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="uses"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="The id of the record it was a use in, in the app of its kind "
        "(a placement's id for a placement use).",
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the story was used, in words: the outlet of a placement, the "
        "title of a pitch, which post or archive entry.",
    )
    used_on = models.DateField(
        null=True, blank=True, help_text="The day the story was used (a placement's publication)."
    )
    media_type = models.CharField(max_length=10, choices=MediaType.choices)
    identity_level = models.CharField(max_length=12, choices=IdentityLevel.choices)
    face_shown = models.BooleanField(default=False)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="uses")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # After a withdrawal: what was asked of the outlet / done, and when it was done.
    withdrawal_action = models.CharField(max_length=300, blank=True)
    withdrawal_done_on = models.DateField(null=True, blank=True)
    withdrawal_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} use of {self.storyteller}"


class Programme(models.Model):
    class Kind(models.TextChoices):
        AMBASSADORS = "ambassadors", "Ambassador cohort"
        NETWORK = "network", "Lived Experience Storytellers Network"
        MEDIA_VOLUNTEERS = "media_volunteers", "Media volunteers"
        STEERING_GROUP = "steering_group", "Steering group"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    partners = models.ManyToManyField("people.Organisation", blank=True, related_name="programmes")
    theme = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'Compassion' for Refugee Week 2023."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="programme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "joined_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "storyteller"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.storyteller} in {self.programme}"


class MentoringSession(models.Model):
    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="mentoring"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_on = models.DateField()
    notes = EncryptedTextField(blank=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"notes"})

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Mentoring of {self.storyteller} on {self.held_on}"


class InvolvementPayment(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", "Involvement fee"
        INTERPRETER = "interpreter", "Interpreter cost"
        TRAVEL = "travel", "Travel"
        EXPENSES = "expenses", "Other expenses"

    class Method(models.TextChoices):
        CASH = "cash", "Cash"
        VOUCHER = "voucher", "Voucher"
        BANK = "bank", "Bank transfer"

    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="payments"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    method = models.CharField(max_length=8, choices=Method.choices)
    paid_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} £{self.amount} to {self.storyteller}"


class WellbeingCheckIn(models.Model):
    """A wellbeing check-in, or aftercare after a media appearance."""

    class Kind(models.TextChoices):
        CHECK_IN = "check_in", "Check-in"
        AFTERCARE = "aftercare", "Aftercare after a media appearance"

    storyteller = models.ForeignKey(
        StorytellerProfile, on_delete=models.CASCADE, related_name="check_ins"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    held_on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Aftercare follows a media appearance: a placement use of their story.
    appearance = models.ForeignKey(
        StoryUse, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = EncryptedTextField(blank=True)
    follow_up_needed = models.BooleanField(default=False)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"notes"})

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.storyteller} on {self.held_on}"


class SafeguardingConcern(models.Model):
    """Seen only by the safeguarding lead and admins.

    An open concern holds every use of the person's story. Clearing it (status
    "cleared") lets uses go ahead under the conditions recorded with the clearance,
    until the concern is closed. `chorus.voices.safeguarding` is the judge.

    Anyone who works with storytellers may raise one. Those who may not know who is in
    the network describe the person in words (`person_described`) and the concern has
    no storyteller until the safeguarding lead links it to one: until then it holds
    nobody. `reviewed_on` is set when the lead has looked at a concern someone else
    raised (or linked it); until then it is new in their inbox.
    """

    class Level(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLEARED = "cleared", "Cleared to take part"
        CLOSED = "closed", "Closed"

    storyteller = models.ForeignKey(
        StorytellerProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="concerns",
    )
    person_described = EncryptedTextField(
        blank=True, help_text="Who the concern is about, in the words of whoever raised it."
    )
    raised_on = models.DateField()
    # Empty for concerns brought in from earlier records, or whose author's account is gone.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=6, choices=Level.choices)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    summary = EncryptedTextField()
    notes = EncryptedTextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_on = models.DateField(null=True, blank=True)
    # Clearing a hold: who cleared it, why, and the conditions that then bind every use
    # of the person's story until the concern is closed (chorus.voices.safeguarding).
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_on = models.DateField(null=True, blank=True)
    clearance_note = EncryptedTextField(blank=True)
    max_identity_level = models.CharField(
        "at most",
        max_length=10,
        choices=IdentityLevel.choices,
        blank=True,
        help_text="The most identifiable any use may be while this concern is open.",
    )
    excluded_media_types = models.JSONField(
        "not in", default=list, blank=True, help_text="Media types no use may take."
    )
    not_before = models.DateField(
        null=True, blank=True, help_text="No use of their story before this day."
    )

    reviewed_on = models.DateField(null=True, blank=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"summary", "notes", "clearance_note", "person_described"}
    )

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        level, status = self.get_level_display(), self.get_status_display()
        about = self.storyteller if self.storyteller_id else "a person not yet linked"
        return f"{level} concern about {about} ({status})"


class SafeguardingAction(models.Model):
    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.CASCADE, related_name="actions"
    )
    description = EncryptedTextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description"})

    class Meta:
        ordering = ["done_on", "due_on"]

    def __str__(self) -> str:
        return f"Safeguarding action #{self.pk}"
