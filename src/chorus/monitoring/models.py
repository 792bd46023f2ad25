"""Media monitoring: the feeds Chorus reads (sources), the articles they bring, story
clusters, editors' decisions the classifier learns from, and the classifier's settings.

The tables keep the names they had when monitoring was part of the round-up
(`roundup_*`): the models moved between apps, the data did not.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class NewsRegion(models.TextChoices):
    UK = "uk", "UK"
    EUROPE = "europe", "Europe"
    INTERNATIONAL = "international", "International"


class Source(models.Model):
    """A feed Chorus polls: RSS, Atom or JSON Feed, linked to the organisation publishing it."""

    class Kind(models.TextChoices):
        UNKNOWN = "", "Not fetched yet"
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        JSON = "json", "JSON Feed"

    name = models.CharField(max_length=200)
    url = models.URLField(
        "feed address",
        max_length=1000,
        unique=True,
        help_text="The feed itself, or a page that links to its feed.",
    )
    page_url = models.URLField(
        "found on page", max_length=1000, blank=True, help_text="The page the feed was found on."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True, default="")
    publisher = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_sources",
        help_text="The outlet (as an organisation) that publishes this feed.",
    )
    region = models.CharField(max_length=20, choices=NewsRegion.choices, default=NewsRegion.UK)
    language = models.CharField(max_length=8, default="en")
    enabled = models.BooleanField(default=True)
    poll_minutes = models.PositiveIntegerField(
        "poll every (minutes)", default=60, help_text="How often to check the feed."
    )
    # Conditional GET: an unchanged feed costs no parse and no write.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Health, shown to staff.
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # Items the last successful check skipped (unreadable, or refused when stored); the
    # feed itself was read. The reasons are in last_error.
    item_errors = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "roundup_source"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def health(self) -> str:
        if not self.enabled:
            return "disabled"
        if self.consecutive_failures:
            return "failing"
        if self.last_success_at is None:
            return "never fetched"
        if self.item_errors:
            return "items skipped"
        return "ok"


class StoryCluster(models.Model):
    """One story, however many outlets and copies reported it ("BBC, ITV and 4 others")."""

    key = models.CharField(max_length=64, unique=True)
    headline = models.CharField(max_length=500)
    first_seen_at = models.DateTimeField(db_index=True)
    last_seen_at = models.DateTimeField(db_index=True)
    article_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)
    # The best scores among its articles, kept here so the morning draft reads one table.
    relevance = models.FloatField(default=0.0, db_index=True)
    region = models.CharField(max_length=20, choices=NewsRegion.choices, default=NewsRegion.UK)

    class Meta:
        db_table = "roundup_storycluster"
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.headline


class Article(models.Model):
    """One item from a feed (or added by an editor by URL), normalised and classified."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    publisher = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
    )
    url = models.URLField(max_length=2000)
    # sha256 of the canonical URL: the same article from two feeds is stored once.
    url_key = models.CharField(max_length=64, unique=True)
    guid = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True, help_text="Sanitised HTML from the feed.")
    text = models.TextField(blank=True, help_text="Full text, when it was extracted.")
    language = models.CharField(max_length=8, default="und")
    region = models.CharField(max_length=20, choices=NewsRegion.choices, default=NewsRegion.UK)
    published_at = models.DateTimeField(db_index=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    cluster = models.ForeignKey(
        StoryCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    copy_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="Set when this is a near-copy (wire copy, updated version) of another article.",
    )
    # Compact features for same-story clustering, from the pipeline (JSON).
    features = models.JSONField(default=dict, blank=True)
    # Classification, with its reasons in plain words.
    relevance = models.FloatField(default=0.0)
    relevant = models.BooleanField(default=False)
    topics: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    hostile = models.FloatField(default=0.0)
    humanising = models.FloatField(default=0.0)
    lived_experience_voice = models.BooleanField(default=False)
    hostile_terms: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    reasons: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    extraction_error = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "roundup_article"
        ordering = ["-published_at"]
        indexes: ClassVar = [
            models.Index(fields=["source", "guid"]),
            models.Index(fields=["relevant", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outlet_name(self) -> str:
        if self.publisher_id and self.publisher is not None:
            return self.publisher.name
        if self.source_id and self.source is not None:
            return self.source.name
        return ""


class ArticleBand(models.Model):
    """MinHash LSH band keys of an article: near-copies share at least one key."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "roundup_articleband"
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["article", "key"], name="roundup_band_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"


class EditorDecision(models.Model):
    """An editor included or excluded an article: what the relevance model learns from."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="decisions")
    included = models.BooleanField()
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "roundup_editordecision"
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{'Included' if self.included else 'Left out'}: {self.article_id}"


class ClassifierSettings(models.Model):
    """One row: the relevance rules, framing lexicon and topics in use, and the learned model.

    An empty JSON field means "the defaults shipped with Chorus", so improvements to the
    defaults reach every charity that has not edited that part.
    """

    rules = models.JSONField(default=dict, blank=True)
    lexicon = models.JSONField(default=dict, blank=True)
    taxonomy = models.JSONField(default=dict, blank=True)
    model = models.BinaryField(blank=True, default=b"")
    decisions_learned = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "roundup_classifiersettings"
        verbose_name_plural = "classifier settings"

    def __str__(self) -> str:
        return "Classifier settings"
