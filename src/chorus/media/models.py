"""Media: outlets and their audiences, journalists, campaigns, placements."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from chorus.lib.crypto import EncryptedTextField
from chorus.people.models import Person, Region
from chorus.voices.models import IdentityLevel, MediaType

# The kinds are consent's codes (voices owns them); outlets use them.
from chorus.voices.outlets import OutletKind as OutletKind

MIXED_MIDDLE = "mixed-middle"


class AudienceSegment(models.Model):
    """Who an outlet mainly reaches. Editable; the `mixed-middle` slug drives the indicator."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    """Where stories are published: media's extension of an organisation in `people`.

    Every outlet has its organisation (`services.outlet_create` finds or makes it): a
    consent that excludes an outlet by name points at that organisation.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OutletKind.choices, default=OutletKind.ONLINE)
    segment = models.ForeignKey(AudienceSegment, on_delete=models.PROTECT, related_name="outlets")
    reach_estimate = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Typical audience per day, week or month (see source)."
    )
    reach_source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the reach figure comes from, e.g. 'Ofcom 2023'.",
    )
    # Set when an outlet was created from an import or a new placement, so someone
    # decides its audience segment instead of trusting a default.
    needs_segment_review = models.BooleanField(default=False, db_index=True)
    organisation = models.OneToOneField(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outlet",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="outlet_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def domain_list(self) -> list[str]:
        return [d.domain for d in self.domains.all()]


class OutletDomain(models.Model):
    """A web domain an outlet publishes on: the placement form finds the outlet from a URL."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Journalist(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="journalist_roles")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="journalists")
    beats = models.CharField(
        max_length=300, blank=True, help_text="Comma-separated, e.g. 'home affairs, politics'."
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "outlet"], name="journalist_unique_person_outlet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.outlet})"

    @property
    def beat_list(self) -> list[str]:
        return [b.strip() for b in self.beats.split(",") if b.strip()]


class Campaign(models.Model):
    name = models.CharField(max_length=200)
    hashtag = models.CharField(max_length=100, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="campaign_unique_name"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlacementFormat(models.TextChoices):
    FIRST_PERSON = "first_person", "First-person piece"
    INTERVIEW = "interview", "Interview"
    BROADCAST = "broadcast", "Broadcast package"
    FEATURE = "feature", "Feature"
    NEWS_QUOTE = "news_quote", "News quote"
    OPINION = "opinion", "Opinion"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class Placement(models.Model):
    """A story the charity helped get into the media."""

    published_on = models.DateField(db_index=True)
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="placements")
    headline = models.CharField(max_length=300)
    url = models.URLField(max_length=1000, blank=True)
    format = models.CharField(max_length=20, choices=PlacementFormat.choices)
    # Whether a placement features lived experience is not stored: a storyteller is
    # recorded as speaking in it (a use of their story), or it quotes someone with
    # lived experience who is not in the network. `selectors.features_lived_experience`.
    quotes_outside_network = models.BooleanField(
        "quotes someone with lived experience outside the network",
        default=False,
        help_text="A person with lived experience who is not one of our storytellers is "
        "quoted or writes in their own words. Storytellers who spoke are recorded under "
        "“Who spoke”.",
    )
    outside_voice_note = models.CharField(
        "who, in a few words",
        max_length=300,
        blank=True,
        help_text="E.g. 'a volunteer from the drop-in, quoted by first name'. No full names.",
    )
    # Empty when not known (an import without a humanising column records nothing).
    is_humanising = models.BooleanField(
        "humanising",
        null=True,
        blank=True,
        default=True,
        help_text="Presents migrants as people with names, voices and lives.",
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["outlet", "published_on"]),
            models.Index(fields=["url"]),
        ]

    def __str__(self) -> str:
        return self.headline


class JournalistRequest(models.Model):
    """A journalist asks for someone to speak (ResponseSource-style)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MATCHING = "matching", "Finding a storyteller"
        SAFEGUARDING = "safeguarding", "Safeguarding check"
        BRIEFED = "briefed", "Storyteller briefed"
        DONE = "done", "Done"
        DECLINED = "declined", "Declined"

    journalist = models.ForeignKey(
        Journalist, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="requests")
    received_on = models.DateField()
    brief = models.TextField()
    deadline = models.DateTimeField(null=True, blank=True)
    format = models.CharField(max_length=20, choices=PlacementFormat.choices)
    media_type = models.CharField(max_length=10, choices=MediaType.choices)
    languages = models.JSONField(
        default=list, blank=True, help_text="Languages the interview can be in."
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    themes = models.ManyToManyField("voices.Theme", blank=True, related_name="requests")
    identity_level_acceptable = models.CharField(
        max_length=12,
        choices=IdentityLevel.choices,
        help_text="The least identifying level the journalist will accept.",
    )
    face_needed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.brief[:60]}"


class RequestCandidate(models.Model):
    """A storyteller put forward for a request, through safeguarding to briefing and debrief."""

    class Status(models.TextChoices):
        SHORTLISTED = "shortlisted", "Shortlisted"
        SAFEGUARDING = "safeguarding", "Waiting for safeguarding"
        CLEARED = "cleared", "Cleared by safeguarding"
        BRIEFED = "briefed", "Briefed"
        DEBRIEFED = "debriefed", "Debriefed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    request = models.ForeignKey(
        JournalistRequest, on_delete=models.CASCADE, related_name="candidates"
    )
    storyteller = models.ForeignKey(
        "voices.StorytellerProfile", on_delete=models.CASCADE, related_name="candidacies"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SHORTLISTED)
    identity_level = models.CharField(max_length=12, choices=IdentityLevel.choices)
    consent = models.ForeignKey(
        "voices.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cleared_on = models.DateField(null=True, blank=True)
    interpreter = models.ForeignKey(
        "voices.Interpreter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interpreter_booked_for = models.DateTimeField(null=True, blank=True)
    briefed_on = models.DateField(null=True, blank=True)
    debriefed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "storyteller"], name="request_candidate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.storyteller} for request #{self.request_id}"


class Pitch(models.Model):
    """A story idea pitched to outlets, from a storyteller or from staff."""

    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        PITCHED = "pitched", "Pitched"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"
        DROPPED = "dropped", "Dropped"

    title = models.CharField(max_length=200)
    # A pitch may carry details of someone's story: encrypted like the profile.
    idea = EncryptedTextField(blank=True)
    storyteller = models.ForeignKey(
        "voices.StorytellerProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pitches",
    )
    outlets = models.ManyToManyField(Outlet, blank=True, related_name="pitches")
    media_type = models.CharField(
        max_length=10, choices=MediaType.choices, default=MediaType.ONLINE
    )
    identity_level = models.CharField(
        max_length=12, choices=IdentityLevel.choices, default=IdentityLevel.ANONYMOUS
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.IDEA, db_index=True
    )
    follow_up_on = models.DateField(null=True, blank=True)
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="pitches"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"idea"})

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "pitches"

    def __str__(self) -> str:
        return self.title


def _import_upload_path(instance: object, filename: str) -> str:
    # Kept for old migrations only: imports are stored by chorus.lib.imports now.
    return f"imports/placements/{timezone.now():%Y/%m}/{filename}"


class PreferredContact(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    SOCIAL = "social", "Social media"
    DESK = "desk", "Through the outlet's desk"
    OTHER = "other", "Other"


class JournalistProfile(models.Model):
    """What the media desk knows of a journalist as a person, whatever outlets they write for.

    The outlets and beats are `Journalist` rows (one per outlet); this is the rest of the
    directory entry: where they work, how they like to be reached, and whether not to.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="journalist_profile"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_contact = models.CharField(
        max_length=10, choices=PreferredContact.choices, blank=True
    )
    contact_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="E.g. 'text before calling', 'DM on Bluesky', 'newsdesk@… before noon'.",
    )
    do_not_contact = models.BooleanField(default=False, db_index=True)
    do_not_contact_reason = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"notes", "contact_note"})

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(do_not_contact=False) | ~models.Q(do_not_contact_reason=""),
                name="journalist_do_not_contact_has_reason",
            )
        ]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        if self.do_not_contact and not self.do_not_contact_reason.strip():
            raise ValidationError(
                {"do_not_contact_reason": "Say why they are not to be contacted."}
            )
