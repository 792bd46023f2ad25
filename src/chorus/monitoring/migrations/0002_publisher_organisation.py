"""Sources and articles name their publisher as an organisation in `people`.

Monitoring knows no other area, so it no longer points at media's outlets: every
outlet extends an organisation (media's 0006 gave each one), and a source or article
now points at that organisation. The old outlet link is copied across here and dropped in 0003
(apart, because PostgreSQL alters no table with checks pending from the copy).
"""

import django.db.models.deletion
from django.db import migrations, models


TRIGGERS = [
    """
    CREATE TRIGGER roundup_article_fts_insert AFTER INSERT ON roundup_article BEGIN
        INSERT INTO roundup_article_fts(rowid, title, summary, text)
        VALUES (new.id, new.title, new.summary, new.text);
    END
    """,
    """
    CREATE TRIGGER roundup_article_fts_delete AFTER DELETE ON roundup_article BEGIN
        INSERT INTO roundup_article_fts(roundup_article_fts, rowid, title, summary, text)
        VALUES ('delete', old.id, old.title, old.summary, old.text);
    END
    """,
    """
    CREATE TRIGGER roundup_article_fts_update AFTER UPDATE OF title, summary, text
    ON roundup_article BEGIN
        INSERT INTO roundup_article_fts(roundup_article_fts, rowid, title, summary, text)
        VALUES ('delete', old.id, old.title, old.summary, old.text);
        INSERT INTO roundup_article_fts(rowid, title, summary, text)
        VALUES (new.id, new.title, new.summary, new.text);
    END
    """,
]


def search_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL's stored column and index move with the table
    for name in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS roundup_article_fts_{name}")
    for statement in TRIGGERS:
        schema_editor.execute(statement)
    schema_editor.execute(
        "INSERT INTO roundup_article_fts(roundup_article_fts) VALUES ('rebuild')"
    )


def outlets_to_publishers(apps, schema_editor):
    outlet = apps.get_model("media", "Outlet")
    organisation_of = dict(
        outlet.objects.exclude(organisation=None).values_list("pk", "organisation_id")
    )
    for model_name in ("Source", "Article"):
        model = apps.get_model("monitoring", model_name)
        for outlet_id, organisation_id in organisation_of.items():
            model.objects.filter(outlet_id=outlet_id).update(publisher_id=organisation_id)


def publishers_to_outlets(apps, schema_editor):
    outlet = apps.get_model("media", "Outlet")
    outlet_of = dict(
        outlet.objects.exclude(organisation=None).values_list("organisation_id", "pk")
    )
    for model_name in ("Source", "Article"):
        model = apps.get_model("monitoring", model_name)
        for organisation_id, outlet_id in outlet_of.items():
            model.objects.filter(publisher_id=organisation_id).update(outlet_id=outlet_id)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("media", "0009_journalist_profile"),
        ("people", "0001_initial"),
    ]

    operations = [
        # Migrating back drops a column, which rebuilds the table on SQLite: put the
        # full-text triggers back last.
        migrations.RunPython(migrations.RunPython.noop, search_triggers_again),
        migrations.AddField(
            model_name="article",
            name="publisher",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="news_articles",
                to="people.organisation",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="publisher",
            field=models.ForeignKey(
                blank=True,
                help_text="The outlet (as an organisation) that publishes this feed.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="news_sources",
                to="people.organisation",
            ),
        ),
        migrations.RunPython(outlets_to_publishers, publishers_to_outlets),
    ]
