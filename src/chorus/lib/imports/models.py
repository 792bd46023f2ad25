"""What the import framework stores: each upload (with its kept file) and saved mappings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


def _upload_path(instance: ImportUpload, filename: str) -> str:
    # Called before the row is saved, so uploaded_at is not set yet.
    return f"imports/{instance.kind}/{timezone.now():%Y/%m}/{filename}"


class ImportUpload(models.Model):
    """One uploaded spreadsheet of one import kind.

    The original file is kept (`file`) for kinds that keep it, whatever is wrong with it,
    so nobody has to ask for it again; `uploaded_at` and `kind` let the retention
    review find kept files. Kinds that read a file and do not keep it delete it when
    the import is confirmed or cancelled (`file` is then empty).
    """

    class Status(models.TextChoices):
        INVALID = "invalid", "Has errors: nothing saved"
        READY = "ready", "Checked: ready to import"
        IMPORTED = "imported", "Imported"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=50, db_index=True)
    file = models.FileField(upload_to=_upload_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(default=0)
    # [{"row": 3, "column": "date", "message": "..."}]: plain words, shown to the user.
    errors = models.JSONField(default=list, blank=True)
    # Rows left out or worth knowing about, in the same shape.
    warnings = models.JSONField(default=list, blank=True)
    # How this file's headings were matched: folded heading → field ("" = left out).
    mapping = models.JSONField(default=dict, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The id it had in the app's own table before imports moved here (old links).
    legacy_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["kind", "legacy_id"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def file_kept(self) -> bool:
        return bool(self.file)


class ImportMapping(models.Model):
    """A heading a staff member matched to a field of a kind, offered again next time."""

    kind = models.CharField(max_length=50)
    heading = models.CharField(max_length=200, help_text="Folded: lower case, single spaces.")
    field = models.CharField(max_length=100, blank=True, help_text="Empty: leave it out.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "heading"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "heading"], name="lib_importmapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.heading} → {self.field or '(left out)'}"
