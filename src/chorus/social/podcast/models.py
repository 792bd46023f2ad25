"""The podcast: series, episodes, hosts, guests, listens by source, awards.

A guest is a storyteller: the `voices.StoryUse` of kind "podcast_guest" naming the
episode by id is the use of their story (both judges asked); the guest row adds how
they took part (anonymous, voice disguised). Hosts are people in `people` or staff.
Listens are kept per source under the source's own metric: a host's IAB downloads,
Apple's listeners and Spotify's streams are never added together.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from chorus.people.models import Person
from chorus.voices.models import StoryUse


class Series(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name_plural = "series"
        constraints = [models.UniqueConstraint(Lower("title"), name="podcast_series_unique_title")]

    def __str__(self) -> str:
        return self.title


class Episode(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="episodes")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    published_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="Empty until it is published."
    )
    # Kept redacted (email addresses, and the names of guests who take part anonymously,
    # are taken out when it is saved): show notes are published with the episode.
    show_notes = models.TextField(blank=True)
    taken_down_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="podcast_episode_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series.title} #{self.number}: {self.title}"


class Host(models.Model):
    """Who presented an episode: a person in `people` (a former ambassador) or staff."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="hosts")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(max_length=100, blank=True, help_text="e.g. co-presenter.")

    class Meta:
        ordering = ["episode", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, staff__isnull=True)
                | models.Q(person__isnull=True, staff__isnull=False),
                name="podcast_host_person_or_staff",
            )
        ]

    def __str__(self) -> str:
        return f"Host of episode {self.episode_id}"

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return self.staff.get_full_name() or self.staff.get_username()  # type: ignore[union-attr]


class Guest(models.Model):
    """A storyteller heard in an episode: their use of kind "podcast_guest", and how."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="guests")
    use = models.OneToOneField(StoryUse, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(
        default=False, help_text="Not named (the judge is asked for an anonymous use)."
    )
    voice_disguised = models.BooleanField(default=False)

    class Meta:
        ordering = ["episode", "pk"]

    def __str__(self) -> str:
        return f"Guest in episode {self.episode_id}"


class Source(models.TextChoices):
    HOST = "host", "Podcast host (CSV)"
    APPLE = "apple", "Apple Podcasts"
    SPOTIFY = "spotify", "Spotify"
    OP3 = "op3", "OP3 (per-episode export)"


class ListenMetric(models.TextChoices):
    DOWNLOADS = "downloads", "Downloads"
    LISTENERS = "listeners", "Listeners"
    PLAYS = "plays", "Plays"
    STREAMS = "streams", "Streams"


# Each source's own metric, and what it means. Never added together.
SOURCE_METRIC = {
    Source.HOST: ListenMetric.DOWNLOADS,
    Source.APPLE: ListenMetric.LISTENERS,
    Source.SPOTIFY: ListenMetric.STREAMS,
    Source.OP3: ListenMetric.DOWNLOADS,
}
DEFINITIONS = {
    Source.HOST: "Downloads counted by the podcast host to the IAB Podcast Measurement "
    "Technical Guidelines: one per listener's app and episode in 24 hours, partial and "
    "bot requests left out. Includes Apple and Spotify listeners who downloaded the file.",
    Source.APPLE: "Apple Podcasts listeners: devices that played at least part of the "
    "episode on the day, on Apple Podcasts only. A listener on two days counts twice "
    "when days are added.",
    Source.SPOTIFY: "Spotify streams (called plays in later exports): plays of at least "
    "60 seconds on Spotify, which streams rather than downloads, so it is not in the "
    "host's downloads.",
    Source.OP3: "OP3 downloads: requests for the audio file seen by the open prefix "
    "analytics service, counted by its own IAB-style rules (one per app and episode a "
    "day). A second count of the host's downloads, never added to them.",
}


class ListenFigure(models.Model):
    """One day's count of one episode from one source, under that source's metric."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="listens")
    source = models.CharField(max_length=10, choices=Source.choices)
    metric = models.CharField(max_length=10, choices=ListenMetric.choices)
    on = models.DateField()
    value = models.PositiveIntegerField()

    class Meta:
        ordering = ["episode", "source", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "source", "on"], name="podcast_listens_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.metric} ({self.source}) on {self.on}"


class Award(models.Model):
    class Outcome(models.TextChoices):
        SHORTLISTED = "shortlisted", "Shortlisted"
        WON = "won", "Won"
        COMMENDED = "commended", "Highly commended"

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="awards")
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    name = models.CharField(max_length=200, help_text="e.g. Independent Podcast Awards.")
    category = models.CharField(max_length=200, blank=True)
    year = models.PositiveIntegerField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.name} {self.year}"
