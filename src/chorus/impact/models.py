"""The annual report's own records: the draft's words and choices, and published versions.

Figures are never stored here while a report is a draft: they are computed from the
records each time. Publishing freezes them into a `PublishedReport` (the snapshot and
the PDF's bytes), which is never changed afterwards; a correction is a new version.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class AnnualReport(models.Model):
    """The draft report for one period: the narrative blocks and highlighted records."""

    starts_on = models.DateField()
    ends_on = models.DateField()
    title = models.CharField(max_length=200)
    welcome = models.TextField(blank=True)
    objectives = models.TextField(blank=True, help_text="Objectives for the future.")
    # {section key: introduction}, for the sections of chorus.impact.annual.SECTIONS.
    introductions: models.JSONField[dict[str, str]] = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "ends_on"], name="annual_report_period"),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="annual_report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Highlight(models.Model):
    """A record staff chose to show in a report, from a report-content section."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="highlights")
    content_key = models.CharField(max_length=100)  # "media.placements"
    record_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["content_key", "record_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "content_key", "record_id"], name="highlight_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_key} #{self.record_id}"


class PublishedReport(models.Model):
    """One published version of a report, frozen: its figures, definitions and PDF."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    note = models.TextField(blank=True, help_text="What changed since the previous version.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    # The document as published: sections, each figure's value, definition and version,
    # the hash of the records behind it, the period and the small-numbers rule applied.
    snapshot: models.JSONField[dict[str, Any]] = models.JSONField()
    pdf = models.BinaryField()

    # The audit row names the version; the snapshot and the PDF are the record itself.
    AUDIT_IGNORED_FIELDS: ClassVar[frozenset[str]] = frozenset({"snapshot", "pdf"})

    class Meta:
        ordering = ["-published_at", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="published_report_version")
        ]

    def __str__(self) -> str:
        return f"{self.report} (version {self.version})"


class CaseStudy(models.Model):
    """A person's story told in a report: a use of their story (voices' StoryUse).

    Added only through `chorus.impact.services.case_study_add`, which asks both judges
    (consent at this identity level, with or without a photo, and safeguarding).
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="case_studies")
    section = models.CharField(max_length=40)  # a key of chorus.impact.annual.SECTIONS
    storyteller = models.ForeignKey(
        "voices.StorytellerProfile", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="The case study as the report prints it.")
    # How the report names them, as their consent allows ("Samir", "a refugee from Syria").
    name_shown = models.CharField(max_length=200, blank=True)
    identity_level = models.CharField(max_length=12)
    face_shown = models.BooleanField(default=False, help_text="With a photo of them.")
    story_use = models.OneToOneField(
        "voices.StoryUse", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "section", "pk"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title
