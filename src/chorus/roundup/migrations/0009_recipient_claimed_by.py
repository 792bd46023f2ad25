"""Which worker holds a ledger row: several workers may now share a send.

Rows claimed before this migration have no worker; a worker that finds one in flight
treats it as left by a stopped worker, as before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roundup', '0008_task_paths'),
    ]

    operations = [
        migrations.AddField(
            model_name='recipient',
            name='claimed_by',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
