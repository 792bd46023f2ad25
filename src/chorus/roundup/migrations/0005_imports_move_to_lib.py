"""Imports move to lib's framework: copy each subscriber-list upload into lib.ImportUpload.

The kept file stays where it is (the same path under imports/subscribers/); the old id is
kept as `legacy_id`, so bookmarked links to /roundup/subscribers/import/<id>/ still open it. Reversible:
going back copies the subscribers uploads into the recreated table with their old ids.
"""

from django.db import migrations

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
    Old = apps.get_model("roundup", "SubscriberImport")
    New = apps.get_model("lib", "ImportUpload")
    for old in Old.objects.order_by("pk").iterator():
        new = New(kind="subscribers", legacy_id=old.pk, created_count=old.imported_count, unchanged_count=old.skipped_count)
        for name in FIELDS:
            setattr(new, name, getattr(old, name))
        new.save()


def backward(apps, schema_editor):
    Old = apps.get_model("roundup", "SubscriberImport")
    New = apps.get_model("lib", "ImportUpload")
    for new in New.objects.filter(kind="subscribers").order_by("pk").iterator():
        status = "invalid" if new.status not in ("invalid", "ready", "imported") else new.status
        old = Old(pk=new.legacy_id, imported_count=new.created_count, skipped_count=new.unchanged_count)
        for name in FIELDS:
            setattr(old, name, getattr(new, name))
        old.status = status
        old.save()
        # The old field sets itself on creation (auto_now_add): put the real time back.
        Old.objects.filter(pk=old.pk).update(uploaded_at=new.uploaded_at)
    New.objects.filter(kind="subscribers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roundup", "0004_recipient_error_class"),
        ("lib", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="SubscriberImport"),
    ]
