"""What the network keeps: the Google group's member counts, partners and the outreach log.

Partners and the people in outreach entries are `people` records; a storyteller an
outreach entry led to is a voices profile (shown only behind voices' access rules);
placements and pitches it led to are media's. Anything else it led to (a training
day) is an `OutreachLead`: a kind, an id in the app of that kind and a label, so the
network needs no foreign key into apps that build on it (`chorus.network.leads`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class MemberSnapshot(models.Model):
    """How many members the sector's Google group had on one day.

    Google keeps no join dates, so the group's history is only what is recorded here:
    one count per day, typed in or counted from the group's member export (whose
    addresses are never stored).
    """

    class Source(models.TextChoices):
        ENTERED = "entered", "Entered by hand"
        IMPORTED = "imported", "Counted from the member export"

    taken_on = models.DateField(unique=True)
    members = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["-taken_on"]
        verbose_name = "member count"

    def __str__(self) -> str:
        return f"{self.members:,} members on {self.taken_on:%d %B %Y}"


class PartnerKind(models.TextChoices):
    CITY_OF_SANCTUARY = "city_of_sanctuary", "City of Sanctuary group"
    ASYLUM_MATTERS = "asylum_matters", "Asylum Matters"
    REFUGEE_COMMUNITY = "refugee_community", "Refugee community organisation"
    LOCAL_CHARITY = "local_charity", "Local charity or grassroots group"
    OTHER = "other", "Other"


class Partner(models.Model):
    """An organisation the charity works with in a region, and the person to talk to."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    region = models.ForeignKey("people.Region", on_delete=models.PROTECT, related_name="partners")
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    contact = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_contacts",
        help_text="The person at the organisation the charity talks to.",
    )
    since = models.DateField(null=True, blank=True, help_text="When the partnership began.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Notes may name people.
    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"notes"})

    class Meta:
        ordering = ["region__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region"], name="network_partner_unique_in_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.region})"


class OutreachKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    MEETING = "meeting", "Meeting"
    INTRODUCTION = "introduction", "Introduction"
    REFERRAL = "referral", "Referral"
    OTHER = "other", "Other"


class OutreachEntry(models.Model):
    """One piece of outreach: a conference, a meeting, an introduction or a referral.

    `led_from` is the entry that led to this one, and `introduced_by` the contact who
    made the introduction: following them gives the chain (a conference → a contact in
    Carlisle → a person who joined the storytellers network → ITV, Metro, PA).
    """

    kind = models.CharField(max_length=20, choices=OutreachKind.choices)
    happened_on = models.DateField(db_index=True)
    title = models.CharField(max_length=200)
    region = models.ForeignKey(
        "people.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_entries",
    )
    led_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_to",
        verbose_name="followed from",
        help_text="The earlier outreach this came out of.",
    )
    introduced_by = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_introductions",
        help_text="The contact who made the introduction or referral.",
    )
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="outreach_entries", verbose_name="people met"
    )
    organisations = models.ManyToManyField(
        "people.Organisation", blank=True, related_name="outreach_entries"
    )
    # Where it led. The storyteller is shown only to those voices lets see storytellers.
    storyteller = models.ForeignKey(
        "voices.StorytellerProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_entries",
        help_text="A person who joined the storytellers network through this.",
    )
    placements = models.ManyToManyField(
        "media.Placement", blank=True, related_name="outreach_entries"
    )
    pitches = models.ManyToManyField("media.Pitch", blank=True, related_name="outreach_entries")
    # Notes may name people.
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"notes"})

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = "outreach entry"
        verbose_name_plural = "outreach entries"
        indexes = [models.Index(fields=["region", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class OutreachLead(models.Model):
    """Something else an outreach entry led to, in an app the network does not import.

    `kind` names it ("training_session"); `object_id` is its id in that app, when it is
    recorded there; `label` says what it was in words ("Training day in Carlisle, 10
    people"). An app registers how to link a kind with `chorus.network.leads`.
    """

    entry = models.ForeignKey(OutreachEntry, on_delete=models.CASCADE, related_name="leads")
    kind = models.CharField(max_length=40)
    object_id = models.PositiveIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300)
    on = models.DateField(null=True, blank=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return self.label
