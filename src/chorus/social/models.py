"""Social media accounts, their posts, takedowns and the platform's own metrics.

The storytellers a post features are uses of their stories: `voices.StoryUse` rows of
kind "post" naming the post by id (voices holds no key to this app).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from chorus.media.models import Campaign


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X (Twitter)"
    LINKEDIN = "linkedin", "LinkedIn"
    OTHER = "other", "Other"


class Account(models.Model):
    platform = models.CharField(max_length=12, choices=Platform.choices)
    handle = models.CharField(max_length=100, help_text="The username, without the @.")
    name = models.CharField(max_length=200, blank=True)
    account_id = models.CharField(
        max_length=40, blank=True, help_text="The platform's id of the account (from exports)."
    )

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                "platform", Lower("handle"), name="social_account_unique_handle"
            ),
            models.UniqueConstraint(
                fields=["platform", "account_id"],
                condition=~models.Q(account_id=""),
                name="social_account_unique_id",
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.handle} ({self.get_platform_display()})"


class PostKind(models.TextChoices):
    IMAGE = "image", "Image"
    REEL = "reel", "Reel"
    CAROUSEL = "carousel", "Carousel"
    STORY = "story", "Story"


class Post(models.Model):
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="posts")
    published_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=10, choices=PostKind.choices)
    caption = models.TextField(blank=True)
    permalink = models.URLField(max_length=500, blank=True)
    platform_post_id = models.CharField(max_length=40, blank=True)
    duration_sec = models.PositiveIntegerField(null=True, blank=True)
    hashtags = models.CharField(max_length=500, blank=True, help_text="Space-separated.")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    # People with lived experience shown in the post who are not chosen as storytellers
    # (described in words: "a domestic worker in the group photo"). A post that has any
    # is flagged: nobody's consent is recorded for them.
    others_featured = models.CharField(max_length=300, blank=True)
    lived_experience = models.BooleanField(
        default=False,
        help_text="Features lived-experience storytelling (set when a storyteller is "
        "featured; may be set by hand for a post whose people are described in words).",
    )
    taken_down_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "platform_post_id"],
                condition=~models.Q(platform_post_id=""),
                name="social_post_unique_platform_id",
            ),
            models.UniqueConstraint(
                fields=["permalink"],
                condition=~models.Q(permalink=""),
                name="social_post_unique_permalink",
            ),
        ]

    def __str__(self) -> str:
        first = self.caption.strip().splitlines()[0][:60] if self.caption.strip() else ""
        return f"{self.get_kind_display()} of {self.published_at:%d %b %Y}" + (
            f": {first}" if first else ""
        )

    @property
    def flagged(self) -> bool:
        """Someone is featured with no recorded consent."""
        return bool(self.others_featured.strip())


class Takedown(models.Model):
    """Who removed a post from the platform, when, and why."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="takedowns")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["-removed_at"]

    def __str__(self) -> str:
        return f"Takedown of post {self.post_id} on {self.removed_at:%d %b %Y}"


class Metric(models.TextChoices):
    """The platform's own metric names. Never merged: their definitions differ."""

    VIEWS = "views", "Views"
    IMPRESSIONS = "impressions", "Impressions"
    PLAYS = "plays", "Plays"
    REACH = "reach", "Reach"
    LIKES = "likes", "Likes"
    SHARES = "shares", "Shares"
    FOLLOWS = "follows", "Follows"
    COMMENTS = "comments", "Comments"
    SAVES = "saves", "Saves"


# The view-type counts, each under its own definition.
VIEW_TYPE = (Metric.VIEWS, Metric.PLAYS, Metric.IMPRESSIONS)

DEFINITIONS = {
    Metric.VIEWS: "Meta, from April 2025: the number of times the post was on screen, "
    "including repeats, for every kind of post (replaced Impressions and Plays).",
    Metric.IMPRESSIONS: "Meta, before April 2025: the number of times an image or "
    "carousel was on screen, including repeats.",
    Metric.PLAYS: "Meta, before April 2025: the number of times a reel started to play, "
    "including replays.",
    Metric.REACH: "The number of accounts that saw the post at least once (an estimate).",
    Metric.LIKES: "Likes of the post.",
    Metric.SHARES: "Times the post was shared.",
    Metric.FOLLOWS: "Accounts that followed the account from the post.",
    Metric.COMMENTS: "Comments on the post.",
    Metric.SAVES: "Times the post was saved.",
}


class MetricSnapshot(models.Model):
    """One figure of one post as an export gave it, with the export's day and the post's age."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="metrics")
    metric = models.CharField(max_length=12, choices=Metric.choices)
    value = models.PositiveBigIntegerField()
    exported_on = models.DateField()
    age_days = models.PositiveIntegerField(help_text="Days from publication to the export.")

    class Meta:
        ordering = ["post", "metric", "exported_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "metric", "exported_on"], name="social_metric_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.value} on {self.exported_on} (post {self.post_id})"


# The podcast's and creative projects' models live in their sub-packages; imported here
# so Django finds them in this app.
from chorus.social.creative.models import Participant, Project  # noqa: E402
from chorus.social.podcast.models import (  # noqa: E402
    Award,
    Episode,
    Guest,
    Host,
    ListenFigure,
    Series,
)

__all__ = [
    "Account",
    "Award",
    "Episode",
    "Guest",
    "Host",
    "ListenFigure",
    "MetricSnapshot",
    "Participant",
    "Post",
    "Project",
    "Series",
    "Takedown",
]
