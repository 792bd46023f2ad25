"""The daily round-up: one edition a day, its items in sections, built by an editor."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from chorus.monitoring.models import Article, NewsRegion, StoryCluster


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    class Kind(models.TextChoices):
        DAILY = "daily", "Daily round-up"
        WEEKLY = "weekly", "Weekly digest"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DAILY)
    issue_date = models.DateField()
    title = models.CharField(max_length=200)
    intro = models.TextField(
        "editor's note", blank=True, help_text="A few lines at the top of the edition."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    built_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    send_at = models.DateTimeField(
        "send at", null=True, blank=True, help_text="When the approved edition goes out."
    )
    # The web archive shows sent editions only.
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issue_date", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["issue_date", "kind"], name="roundup_edition_once"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def frequency(self) -> str:
        """Which subscribers receive this edition: those who chose daily, or weekly."""
        return "weekly" if self.kind == self.Kind.WEEKLY else "daily"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.APPROVED)


class EditionItem(models.Model):
    """A story in an edition: a cluster (or an article added by URL) with a one-line summary."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=20, choices=NewsRegion.choices, default=NewsRegion.UK)
    position = models.PositiveIntegerField(default=0)
    included = models.BooleanField(default=True)
    cluster = models.ForeignKey(
        StoryCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edition_items",
        help_text="The report the headline links to.",
    )
    headline = models.CharField(max_length=500)
    url = models.URLField(max_length=2000)
    outlets = models.CharField(
        max_length=300, blank=True, help_text='Who reported it, e.g. "BBC, ITV and 4 others".'
    )
    summary = models.CharField("one-line summary", max_length=400, blank=True)
    note = models.TextField("editor's note", blank=True)
    relevance = models.FloatField(default=0.0)
    # Readers who followed the story's link from the email: a count only, never who
    # (chorus.roundup.editions.clicks; the round-up's privacy notice says so).
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "section", "position", "pk"]
        indexes: ClassVar = [models.Index(fields=["edition", "included", "section", "position"])]

    def __str__(self) -> str:
        return self.headline
