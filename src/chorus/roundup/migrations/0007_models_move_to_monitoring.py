"""The models of media monitoring now belong to the `monitoring` app (see its 0001).

State only: the tables stay, and the editions' links to articles and stories point at
the same tables as before.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0001_initial'),
        ('roundup', '0006_story_clicks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveIndex(
                model_name='article',
                name='roundup_art_source__58a3a6_idx',
            ),
            migrations.RemoveIndex(
                model_name='article',
                name='roundup_art_relevan_062e97_idx',
            ),
            migrations.RemoveField(
                model_name='editordecision',
                name='article',
            ),
            migrations.AlterField(
                model_name='editionitem',
                name='article',
                field=models.ForeignKey(blank=True, help_text='The report the headline links to.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='edition_items', to='monitoring.article'),
            ),
            migrations.RemoveConstraint(
                model_name='articleband',
                name='roundup_band_unique',
            ),
            migrations.RemoveField(
                model_name='editordecision',
                name='decided_by',
            ),
            migrations.RemoveField(
                model_name='source',
                name='outlet',
            ),
            migrations.AlterField(
                model_name='editionitem',
                name='cluster',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='monitoring.storycluster'),
            ),
            migrations.RemoveField(
                model_name='article',
                name='cluster',
            ),
            migrations.RemoveField(
                model_name='article',
                name='copy_of',
            ),
            migrations.RemoveField(
                model_name='article',
                name='outlet',
            ),
            migrations.RemoveField(
                model_name='article',
                name='source',
            ),
            migrations.RemoveField(
                model_name='articleband',
                name='article',
            ),
            migrations.DeleteModel(
                name='ClassifierSettings',
            ),
            migrations.DeleteModel(
                name='EditorDecision',
            ),
            migrations.DeleteModel(
                name='StoryCluster',
            ),
            migrations.DeleteModel(
                name='Source',
            ),
            migrations.DeleteModel(
                name='Article',
            ),
            migrations.DeleteModel(
                name='ArticleBand',
            ),
            ],
            database_operations=[],
        ),
    ]
