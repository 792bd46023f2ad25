"""Creative projects (inLIMBO): partners, and the storytellers who took part.

Each participant's story is used twice, and both judges are asked for each: as images
("photo") and shown in public ("exhibition"). The two `voices.StoryUse` rows of kind
"creative" name the project by id; the participant row keeps both.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from chorus.people.models import Organisation
from chorus.voices.models import IdentityLevel, StorytellerProfile, StoryUse


class Project(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", "Photographic project"
        FILM = "film", "Film"
        EXHIBITION = "exhibition", "Exhibition"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PHOTO)
    description = models.TextField(blank=True)
    shown_at = models.CharField(
        max_length=200, blank=True, help_text="Where the work was shown (a film premiere)."
    )
    shown_on = models.DateField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    partners = models.ManyToManyField(Organisation, blank=True, related_name="creative_projects")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="creative_project_unique_name")]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    storyteller = models.ForeignKey(StorytellerProfile, on_delete=models.CASCADE, related_name="+")
    identity_level = models.CharField(max_length=12, choices=IdentityLevel.choices)
    face_shown = models.BooleanField(default=False)
    photo_use = models.OneToOneField(StoryUse, on_delete=models.CASCADE, related_name="+")
    exhibition_use = models.OneToOneField(StoryUse, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "storyteller"], name="creative_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"Participant in project {self.project_id}"
