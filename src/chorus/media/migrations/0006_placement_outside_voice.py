"""A placement features lived experience when a storyteller is recorded as speaking in
it, or when it quotes someone with lived experience outside the network (with a note).

The old checkbox becomes the second form, only where no storyteller is recorded: a
box ticked on a placement whose speakers are recorded says nothing more. Going back,
the box is ticked wherever either form holds, so the figure reads the same both ways.
"""

from django.db import migrations, models

MIGRATED_NOTE = "migrated from checkbox"


def checkbox_to_outside_voice(apps, schema_editor):
    Placement = apps.get_model("media", "Placement")
    StoryUse = apps.get_model("voices", "StoryUse")
    spoken = StoryUse.objects.filter(kind="placement", placement__isnull=False).values(
        "placement_id"
    )
    Placement.objects.filter(features_lived_experience=True).exclude(pk__in=spoken).update(
        quotes_outside_network=True, outside_voice_note=MIGRATED_NOTE
    )


def outside_voice_to_checkbox(apps, schema_editor):
    Placement = apps.get_model("media", "Placement")
    StoryUse = apps.get_model("voices", "StoryUse")
    spoken = StoryUse.objects.filter(kind="placement", placement__isnull=False).values(
        "placement_id"
    )
    Placement.objects.filter(
        models.Q(quotes_outside_network=True) | models.Q(pk__in=spoken)
    ).update(features_lived_experience=True)


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0005_blank_creators"),
        ("voices", "0005_safeguarding_clearance"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="outside_voice_note",
            field=models.CharField(
                blank=True,
                help_text="E.g. 'a volunteer from the drop-in, quoted by first name'. No full names.",
                max_length=300,
                verbose_name="who, in a few words",
            ),
        ),
        migrations.AddField(
            model_name="placement",
            name="quotes_outside_network",
            field=models.BooleanField(
                default=False,
                help_text="A person with lived experience who is not one of our storytellers is "
                "quoted or writes in their own words. Storytellers who spoke are recorded under "
                "“Who spoke”.",
                verbose_name="quotes someone with lived experience outside the network",
            ),
        ),
        migrations.RunPython(checkbox_to_outside_voice, outside_voice_to_checkbox),
        migrations.RemoveField(model_name="placement", name="features_lived_experience"),
    ]
