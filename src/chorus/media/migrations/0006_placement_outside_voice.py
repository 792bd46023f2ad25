"""Uses of stories without voices pointing at media, and lived experience from them.

1. Databases made before voices stopped pointing at media keep the old columns
   voices_storyuse.placement_id / pitch_id and voices_wellbeingcheckin.placement_id
   (no longer in voices' migrations). What they hold moves into voices' own fields
   (the use's kind and object id, its description and day; the check-in's
   appearance, the use of that storyteller in that placement), then the columns are
   dropped. A database made since has none of them and this step does nothing.

2. A placement features lived experience when a storyteller is recorded as speaking
   in it, or when it quotes someone with lived experience outside the network (with a
   note).

The old checkbox becomes the second form, only where no storyteller is recorded: a
box ticked on a placement whose speakers are recorded says nothing more. Going back,
the box is ticked wherever either form holds, so the figure reads the same both ways.
"""

from django.db import migrations, models
from django.utils import timezone

MIGRATED_NOTE = "migrated from checkbox"


def _columns(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return set()
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _drop_column(schema_editor, table, column):
    connection = schema_editor.connection
    qn = schema_editor.quote_name
    if connection.vendor == "postgresql":
        # Rows of this table were just written: PostgreSQL alters it only once their
        # deferred foreign-key checks have run.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if connection.vendor == "sqlite":
        # SQLite refuses to drop a column an index still names; PostgreSQL drops them.
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        for name, info in constraints.items():
            if info["index"] and not info["primary_key"] and column in (info["columns"] or []):
                schema_editor.execute(f"DROP INDEX {qn(name)}")
    schema_editor.execute(f"ALTER TABLE {qn(table)} DROP COLUMN {qn(column)}")


def _rows(schema_editor, sql):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def legacy_links_to_voices_fields(apps, schema_editor):
    StoryUse = apps.get_model("voices", "StoryUse")
    WellbeingCheckIn = apps.get_model("voices", "WellbeingCheckIn")
    Placement = apps.get_model("media", "Placement")
    Pitch = apps.get_model("media", "Pitch")
    use_columns = _columns(schema_editor, "voices_storyuse")
    if {"placement_id", "pitch_id"} <= use_columns:
        links = _rows(schema_editor, "SELECT id, placement_id, pitch_id FROM voices_storyuse")
        placements = Placement.objects.select_related("outlet").in_bulk(
            [placement_id for _, placement_id, _ in links if placement_id is not None]
        )
        pitches = Pitch.objects.in_bulk([pitch_id for _, _, pitch_id in links if pitch_id])
        uses = StoryUse.objects.in_bulk([use_id for use_id, _, _ in links])
        for use_id, placement_id, pitch_id in links:
            use = uses[use_id]
            placement = placements.get(placement_id)
            pitch = pitches.get(pitch_id)
            if placement is not None:
                use.object_id = placement.pk
                use.used_on = placement.published_on
                use.description = use.description or placement.outlet.name[:300]
            elif pitch is not None:
                use.object_id = pitch.pk
                use.description = use.description or pitch.title[:300]
            if use.used_on is None:
                use.used_on = timezone.localdate(use.recorded_at)
        StoryUse.objects.bulk_update(
            list(uses.values()), ["object_id", "used_on", "description"], batch_size=500
        )
        _drop_column(schema_editor, "voices_storyuse", "placement_id")
        _drop_column(schema_editor, "voices_storyuse", "pitch_id")
    else:
        for use in StoryUse.objects.filter(used_on__isnull=True):
            use.used_on = timezone.localdate(use.recorded_at)
            use.save(update_fields=["used_on"])

    if "placement_id" in _columns(schema_editor, "voices_wellbeingcheckin"):
        links = _rows(
            schema_editor,
            "SELECT id, storyteller_id, placement_id FROM voices_wellbeingcheckin "
            "WHERE placement_id IS NOT NULL",
        )
        placements = Placement.objects.select_related("outlet").in_bulk(
            [placement_id for _, _, placement_id in links]
        )
        for check_in_id, storyteller_id, placement_id in links:
            check_in = WellbeingCheckIn.objects.get(pk=check_in_id)
            check_in.appearance = (
                StoryUse.objects.filter(
                    storyteller_id=storyteller_id, kind="placement", object_id=placement_id
                )
                .order_by("id")
                .first()
            )
            placement = placements.get(placement_id)
            if check_in.appearance is None and placement is not None:
                # The use was removed since: keep which appearance it followed, in words.
                check_in.notes = (f"{check_in.notes}\n\n" if check_in.notes else "") + (
                    f"After the placement “{placement.headline}” ({placement.outlet.name}, "
                    f"{placement.published_on.day} {placement.published_on:%B %Y})."
                )
            check_in.save(update_fields=["appearance", "notes"])
        _drop_column(schema_editor, "voices_wellbeingcheckin", "placement_id")


def _spoken(apps):
    StoryUse = apps.get_model("voices", "StoryUse")
    return StoryUse.objects.filter(kind="placement", object_id__isnull=False).values("object_id")


def checkbox_to_outside_voice(apps, schema_editor):
    Placement = apps.get_model("media", "Placement")
    spoken = _spoken(apps)
    Placement.objects.filter(features_lived_experience=True).exclude(pk__in=spoken).update(
        quotes_outside_network=True, outside_voice_note=MIGRATED_NOTE
    )


def outside_voice_to_checkbox(apps, schema_editor):
    Placement = apps.get_model("media", "Placement")
    spoken = _spoken(apps)
    Placement.objects.filter(
        models.Q(quotes_outside_network=True) | models.Q(pk__in=spoken)
    ).update(features_lived_experience=True)


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0005_blank_creators"),
        ("voices", "0006_story_use_generic_reference"),
    ]

    operations = [
        # Going back leaves the uses in voices' own fields: the old columns are gone.
        migrations.RunPython(legacy_links_to_voices_fields, migrations.RunPython.noop),
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
