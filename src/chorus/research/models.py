"""What research keeps: message-testing studies, their variants and results, findings,
participants' quotes, and toolkits of messages with their versioned documents.

A study's partner is an organisation in `people` (More in Common). Quotes name no one:
what is shown is the study they came from, a description that must not identify the
speaker, and when and by whom consent to keep them was recorded. A quote may point at
the participant's record in `people` only so that their withdrawal, subject access and
erasure can find it; that link is never shown beside the words. A toolkit's message
line may link to the finding that supports it and to the media placements and social
posts that used it (research → media, research → social).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from chorus.lib.crypto import EncryptedTextField


class Method(models.TextChoices):
    FOCUS_GROUP = "focus_group", "Focus group"
    SURVEY_EXPERIMENT = "survey_experiment", "Survey experiment"
    WORKSHOP = "workshop", "Workshop"
    INTERVIEW = "interview", "Interview"


class Study(models.Model):
    """One piece of message testing: focus groups, a survey experiment, workshops, interviews.

    Focus groups held in two constituencies for the same question are one study.
    """

    title = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    partner = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="research_studies",
        help_text="The organisation the study was run with (e.g. More in Common).",
    )
    question = models.CharField(
        max_length=300,
        blank=True,
        help_text='What it asked, e.g. "Do you know what safe routes are?"',
    )
    started_on = models.DateField(db_index=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Blank while it runs.")
    places = models.CharField(
        max_length=300, blank=True, help_text="Constituencies or places, separated by commas."
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    segment_scheme = models.CharField(
        max_length=100, blank=True, help_text="The audience segmentation used (e.g. British Seven)."
    )
    segment_scheme_version = models.CharField(
        max_length=40, blank=True, help_text="Segment schemes get replaced: say which version."
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["-started_on", "title"]
        verbose_name_plural = "studies"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A study cannot end before it starts."})
        if self.segment_scheme_version and not self.segment_scheme:
            raise ValidationError({"segment_scheme": "Name the scheme the version belongs to."})

    @property
    def place_list(self) -> list[str]:
        return [p.strip() for p in self.places.split(",") if p.strip()]


class Variant(models.Model):
    """A message as tested: how it is framed, who says it, and what it says."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="variants")
    label = models.CharField(max_length=100, help_text="A short name, e.g. 'A' or 'Fairness'.")
    frame = models.CharField(max_length=200, blank=True)
    messenger = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["study", "label"]
        constraints = [
            models.UniqueConstraint(fields=["study", "label"], name="research_variant_label_unique")
        ]

    def __str__(self) -> str:
        return f"{self.study}: {self.label}"


class Result(models.Model):
    """One measured effect of a variant on an outcome, in a segment, with its interval and n.

    The effect is never shown without its interval and n.
    """

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="results")
    variant = models.ForeignKey(
        Variant, null=True, blank=True, on_delete=models.CASCADE, related_name="results"
    )
    outcome = models.CharField(max_length=200, help_text="The outcome measure.")
    segment = models.CharField(max_length=100, blank=True, help_text="Blank for everyone.")
    effect = models.DecimalField(max_digits=8, decimal_places=2)
    interval_low = models.DecimalField(max_digits=8, decimal_places=2)
    interval_high = models.DecimalField(max_digits=8, decimal_places=2)
    n = models.PositiveIntegerField(help_text="How many people the effect is measured on.")
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. 'points', '%'.")
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["study", "outcome", "segment"]

    def __str__(self) -> str:
        return f"{self.outcome}{f' ({self.segment})' if self.segment else ''}: {self.summary}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.n is not None and self.n < 1:
            errors["n"] = "n must be at least 1."
        low, high, effect = self.interval_low, self.interval_high, self.effect
        if None not in (low, high, effect) and not (low <= effect <= high):
            errors["interval_low"] = "The interval must contain the effect (low ≤ effect ≤ high)."
        if self.variant is not None and self.study_id and self.variant.study_id != self.study_id:
            errors["variant"] = "The variant belongs to another study."
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        """The effect with its interval and n: the only way an effect is shown."""
        unit = f" {self.unit}" if self.unit else ""
        return (
            f"{self.effect:+}{unit} (interval {self.interval_low} to {self.interval_high}; "
            f"n = {self.n:,})"
        )


class Finding(models.Model):
    """What the charity concluded, with the results it rests on and when to look again."""

    title = models.CharField(max_length=200)
    statement = models.TextField()
    evidence = models.ManyToManyField(Result, blank=True, related_name="findings")
    review_by = models.DateField(help_text="When to check it still holds.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["review_by", "title"]

    def __str__(self) -> str:
        return self.title


class Quote(models.Model):
    """Words a participant said, kept only with their consent and never identifying them.

    No link to a person: `context` says where it came from in words that must not
    identify the speaker ("a participant in a Stoke-on-Trent focus group").
    """

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="quotes")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    text = EncryptedTextField()
    context = models.CharField(max_length=200, help_text="Where it came from, never who said it.")
    consent_recorded_on = models.DateField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only to honour the participant's rights (withdrawal, subject access, erasure):
    # never shown with the quote. Blank when the charity holds no record of them (a
    # partner recruited the group and keeps who took part).
    participant = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="research_quotes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A participant's words may reveal their situation.
    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"text"})

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Quote #{self.pk} ({self.context})"


class Toolkit(models.Model):
    """A set of tested messages for others to use, published as versioned documents."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its public address.")
    summary = models.TextField(blank=True)
    studies = models.ManyToManyField(Study, blank=True, related_name="toolkits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DocumentType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


class ToolkitVersion(models.Model):
    """One version of a toolkit's document. Drafts stay internal; published ones are public.

    Downloads are a counter: who downloaded is never stored.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    toolkit = models.ForeignKey(Toolkit, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.FileField(upload_to="toolkits/")
    document_type = models.CharField(max_length=5, choices=DocumentType.choices)
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    downloads = models.PositiveIntegerField(default=0)
    notes = models.CharField(max_length=300, blank=True, help_text="What changed.")
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["toolkit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["toolkit", "number"], name="research_toolkit_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.toolkit} v{self.number}"


class MessageLine(models.Model):
    """One message in a toolkit, linked to the finding behind it and the coverage that used it.

    Coverage is media placements and social posts; the links are kept here, on the
    research side, because research may import media and social and never the reverse.
    """

    toolkit = models.ForeignKey(Toolkit, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="message_lines"
    )
    placements = models.ManyToManyField("media.Placement", blank=True, related_name="message_lines")
    posts = models.ManyToManyField("social.Post", blank=True, related_name="message_lines")

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["toolkit", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
