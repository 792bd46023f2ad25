"""Retention decisions name their record by kind and id instead of a storyteller key.

Privacy must not depend on other apps' models. Every existing decision is about a
storyteller, so it becomes record_type "voices.storytellerprofile" with the same id.
Reversible: going back puts the storyteller key back from the id.
"""

from django.db import migrations, models

STORYTELLER = "voices.storytellerprofile"


def to_generic(apps, schema_editor):
    RetentionDecision = apps.get_model("privacy", "RetentionDecision")
    for decision in RetentionDecision.objects.all().only("pk", "storyteller_id"):
        RetentionDecision.objects.filter(pk=decision.pk).update(
            record_type=STORYTELLER, record_id=decision.storyteller_id
        )


def to_storyteller(apps, schema_editor):
    RetentionDecision = apps.get_model("privacy", "RetentionDecision")
    # Only storytellers had decisions before; any other kind has nowhere to go back to.
    RetentionDecision.objects.exclude(record_type=STORYTELLER).delete()
    for decision in RetentionDecision.objects.all().only("pk", "record_id"):
        RetentionDecision.objects.filter(pk=decision.pk).update(storyteller_id=decision.record_id)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_retentiondecision"),
    ]

    operations = [
        migrations.AddField(
            model_name="retentiondecision",
            name="record_type",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="retentiondecision",
            name="record_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name="retentiondecision",
            name="storyteller",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="retention_decisions",
                to="voices.storytellerprofile",
            ),
        ),
        migrations.RunPython(to_generic, to_storyteller),
        migrations.RemoveConstraint(
            model_name="retentiondecision",
            name="retention_decision_one_per_flag",
        ),
        migrations.RemoveField(
            model_name="retentiondecision",
            name="storyteller",
        ),
        migrations.AlterField(
            model_name="retentiondecision",
            name="record_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="retentiondecision",
            constraint=models.UniqueConstraint(
                fields=("record_type", "record_id", "flagged_on"),
                name="retention_decision_one_per_flag",
            ),
        ),
        migrations.AddIndex(
            model_name="retentiondecision",
            index=models.Index(fields=["record_type", "record_id"], name="privacy_retention_record_idx"),
        ),
    ]
