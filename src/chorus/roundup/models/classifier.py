"""What the classifier runs on, as staff edited it, and the model editors' decisions trained."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


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
        verbose_name_plural = "classifier settings"

    def __str__(self) -> str:
        return "Classifier settings"
