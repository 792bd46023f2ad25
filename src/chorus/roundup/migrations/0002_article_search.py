"""Full-text search over articles, in each engine's own index.

SQLite: an FTS5 table kept in step with roundup_article by triggers (external content,
so the text is stored once). PostgreSQL: a stored tsvector column with a GIN index.
Neither is a model field: only chorus.monitoring.selectors reads them.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE roundup_article_fts USING fts5(
        title, summary, text,
        content='roundup_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
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
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS roundup_article_fts_update",
    "DROP TRIGGER IF EXISTS roundup_article_fts_delete",
    "DROP TRIGGER IF EXISTS roundup_article_fts_insert",
    "DROP TABLE IF EXISTS roundup_article_fts",
]
POSTGRES_FORWARD = [
    """
    ALTER TABLE roundup_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(text, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX roundup_article_search ON roundup_article USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS roundup_article_search",
    "ALTER TABLE roundup_article DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("roundup", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
