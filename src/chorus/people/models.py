"""One record per human (Person) and per body (Organisation), whatever roles they play."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


class Region(models.Model):
    """A place the charity works in, nested: North East › Stockton-on-Tees."""

    name = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "parent", name="region_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A region cannot sit inside itself."})
            ancestor = ancestor.parent


class OrganisationKind(models.TextChoices):
    CHARITY = "charity", "Charity"
    GRASSROOTS = "grassroots", "Grassroots group"
    MEDIA = "media", "Media"
    FUNDER = "funder", "Funder"
    PUBLIC_BODY = "public_body", "Public body"
    NETWORK = "network", "Network"
    ACADEMIC = "academic", "Academic / research"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.CHARITY
    )
    website = models.URLField(blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A human the charity knows: journalist, storyteller, trainee, funder contact…"""

    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Names and contact details are personal data (and for a storyteller, a risk):
    # the audit log records that they changed, never their values.
    SENSITIVE_FIELDS: ClassVar[frozenset[str]] = frozenset({"full_name", "email", "phone", "notes"})

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    def audit_label(self) -> str:
        return f"Person #{self.pk}"
