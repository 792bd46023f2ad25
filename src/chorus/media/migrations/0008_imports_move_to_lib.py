"""Imports move to lib's framework: copy each placements upload into lib.ImportUpload.

The kept file stays where it is (the same path under imports/placements/); the old id is
kept as `legacy_id`, so bookmarked links to /media/placements/import/<id>/ still open it. Reversible:
going back copies the placements uploads into the recreated table with their old ids.
"""

from django.db import migrations, models

FIELDS = (
    "file",
    "original_name",
    "uploaded_by_id",
    "uploaded_at",
    "status",
    "row_count",
    "errors",
    "warnings",
    "imported_at",
)


def forward(apps, schema_editor):
    Old = apps.get_model("media", "PlacementImport")
    New = apps.get_model("lib", "ImportUpload")
    for old in Old.objects.order_by("pk").iterator():
        new = New(kind="placements", legacy_id=old.pk, created_count=old.imported_count)
        for name in FIELDS:
            setattr(new, name, getattr(old, name))
        new.save()


def backward(apps, schema_editor):
    Old = apps.get_model("media", "PlacementImport")
    New = apps.get_model("lib", "ImportUpload")
    for new in New.objects.filter(kind="placements").order_by("pk").iterator():
        status = "invalid" if new.status not in ("invalid", "ready", "imported", "cancelled") else new.status
        old = Old(pk=new.legacy_id, imported_count=new.created_count)
        for name in FIELDS:
            setattr(old, name, getattr(new, name))
        old.status = status
        old.save()
        # The old field sets itself on creation (auto_now_add): put the real time back.
        Old.objects.filter(pk=old.pk).update(uploaded_at=new.uploaded_at)
    New.objects.filter(kind="placements").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0007_outlets_are_organisations"),
        ("lib", "0001_initial"),
    ]

    operations = [
        # Not known, rather than "yes", when an import's file had no humanising column.
        migrations.AlterField(
            model_name="placement",
            name="is_humanising",
            field=models.BooleanField(
                blank=True,
                default=True,
                help_text="Presents migrants as people with names, voices and lives.",
                null=True,
                verbose_name="humanising",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="PlacementImport"),
    ]
