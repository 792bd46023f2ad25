"""The outlet links copied to publishers in 0002 go.

On SQLite, adding and dropping a column rebuilds the articles' table, and the
rebuilt table lost the triggers that keep the full-text index in step with it
(round-up 0002): they are made again here and the index rebuilt, so search finds
what is stored.
"""

from importlib import import_module

from django.db import migrations

# The statements live in 0002, which also restores them when migrating back.
search_triggers_again = import_module(
    "chorus.monitoring.migrations.0002_publisher_organisation"
).search_triggers_again


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_publisher_organisation")]

    operations = [
        migrations.RemoveField(model_name="article", name="outlet"),
        migrations.RemoveField(model_name="source", name="outlet"),
        migrations.RunPython(search_triggers_again, migrations.RunPython.noop),
    ]
