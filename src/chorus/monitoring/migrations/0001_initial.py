"""Media monitoring becomes an app of its own: its models leave the round-up.

The tables stay where they are (each model keeps its `roundup_*` table through
`db_table`), so this moves Django's idea of which app owns them and nothing else:
the state moves, the data does not. The content types move with the models, so the
audit log's rows about sources and articles still find them.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ["source", "storycluster", "article", "articleband", "editordecision", "classifiersettings"]


def _relabel(apps, old, new):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=new, model=model).exists():
            content_type.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, "roundup", "monitoring")


def content_types_backward(apps, schema_editor):
    _relabel(apps, "monitoring", "roundup")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('media', '0009_journalist_profile'),
        ('roundup', '0006_story_clicks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='StoryCluster',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=64, unique=True)),
                    ('headline', models.CharField(max_length=500)),
                    ('first_seen_at', models.DateTimeField(db_index=True)),
                    ('last_seen_at', models.DateTimeField(db_index=True)),
                    ('article_count', models.PositiveIntegerField(default=0)),
                    ('outlet_count', models.PositiveIntegerField(default=0)),
                    ('relevance', models.FloatField(db_index=True, default=0.0)),
                    ('region', models.CharField(choices=[('uk', 'UK'), ('europe', 'Europe'), ('international', 'International')], default='uk', max_length=20)),
                ],
                options={
                    'db_table': 'roundup_storycluster',
                    'ordering': ['-last_seen_at'],
                },
            ),
            migrations.CreateModel(
                name='Article',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('url', models.URLField(max_length=2000)),
                    ('url_key', models.CharField(max_length=64, unique=True)),
                    ('guid', models.CharField(blank=True, max_length=500)),
                    ('title', models.CharField(max_length=500)),
                    ('summary', models.TextField(blank=True, help_text='Sanitised HTML from the feed.')),
                    ('text', models.TextField(blank=True, help_text='Full text, when it was extracted.')),
                    ('language', models.CharField(default='und', max_length=8)),
                    ('region', models.CharField(choices=[('uk', 'UK'), ('europe', 'Europe'), ('international', 'International')], default='uk', max_length=20)),
                    ('published_at', models.DateTimeField(db_index=True)),
                    ('fetched_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('features', models.JSONField(blank=True, default=dict)),
                    ('relevance', models.FloatField(default=0.0)),
                    ('relevant', models.BooleanField(default=False)),
                    ('topics', models.JSONField(blank=True, default=list)),
                    ('hostile', models.FloatField(default=0.0)),
                    ('humanising', models.FloatField(default=0.0)),
                    ('lived_experience_voice', models.BooleanField(default=False)),
                    ('hostile_terms', models.JSONField(blank=True, default=list)),
                    ('reasons', models.JSONField(blank=True, default=list)),
                    ('extracted_at', models.DateTimeField(blank=True, null=True)),
                    ('extraction_error', models.CharField(blank=True, max_length=300)),
                    ('copy_of', models.ForeignKey(blank=True, help_text='Set when this is a near-copy (wire copy, updated version) of another article.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='copies', to='monitoring.article')),
                    ('outlet', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='media.outlet')),
                ],
                options={
                    'db_table': 'roundup_article',
                    'ordering': ['-published_at'],
                },
            ),
            migrations.CreateModel(
                name='ClassifierSettings',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rules', models.JSONField(blank=True, default=dict)),
                    ('lexicon', models.JSONField(blank=True, default=dict)),
                    ('taxonomy', models.JSONField(blank=True, default=dict)),
                    ('model', models.BinaryField(blank=True, default=b'')),
                    ('decisions_learned', models.PositiveIntegerField(default=0)),
                    ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name_plural': 'classifier settings',
                    'db_table': 'roundup_classifiersettings',
                },
            ),
            migrations.CreateModel(
                name='EditorDecision',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('included', models.BooleanField()),
                    ('decided_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='monitoring.article')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'roundup_editordecision',
                    'ordering': ['-decided_at'],
                },
            ),
            migrations.CreateModel(
                name='Source',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200)),
                    ('url', models.URLField(help_text='The feed itself, or a page that links to its feed.', max_length=1000, unique=True, verbose_name='feed address')),
                    ('page_url', models.URLField(blank=True, help_text='The page the feed was found on.', max_length=1000, verbose_name='found on page')),
                    ('kind', models.CharField(blank=True, choices=[('', 'Not fetched yet'), ('rss', 'RSS'), ('atom', 'Atom'), ('json', 'JSON Feed')], default='', max_length=10)),
                    ('region', models.CharField(choices=[('uk', 'UK'), ('europe', 'Europe'), ('international', 'International')], default='uk', max_length=20)),
                    ('language', models.CharField(default='en', max_length=8)),
                    ('enabled', models.BooleanField(default=True)),
                    ('poll_minutes', models.PositiveIntegerField(default=60, help_text='How often to check the feed.', verbose_name='poll every (minutes)')),
                    ('etag', models.CharField(blank=True, max_length=300)),
                    ('last_modified', models.CharField(blank=True, max_length=100)),
                    ('last_checked_at', models.DateTimeField(blank=True, null=True)),
                    ('last_success_at', models.DateTimeField(blank=True, null=True)),
                    ('last_error', models.CharField(blank=True, max_length=500)),
                    ('last_error_at', models.DateTimeField(blank=True, null=True)),
                    ('consecutive_failures', models.PositiveIntegerField(default=0)),
                    ('next_poll_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                    ('outlet', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='news_sources', to='media.outlet')),
                ],
                options={
                    'db_table': 'roundup_source',
                    'ordering': ['name'],
                },
            ),
            migrations.AddField(
                model_name='article',
                name='source',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='monitoring.source'),
            ),
            migrations.AddField(
                model_name='article',
                name='cluster',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='monitoring.storycluster'),
            ),
            migrations.CreateModel(
                name='ArticleBand',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.BigIntegerField(db_index=True)),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bands', to='monitoring.article')),
                ],
                options={
                    'db_table': 'roundup_articleband',
                    'constraints': [models.UniqueConstraint(fields=('article', 'key'), name='roundup_band_unique')],
                },
            ),
            migrations.AddIndex(
                model_name='article',
                index=models.Index(fields=['source', 'guid'], name='roundup_art_source__58a3a6_idx'),
            ),
            migrations.AddIndex(
                model_name='article',
                index=models.Index(fields=['relevant', 'published_at'], name='roundup_art_relevan_062e97_idx'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
