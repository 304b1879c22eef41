"""The search index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL.

Neither is a Django model (the SQL lives in news/search/), so the schema is
created here for the database in use, and existing articles are indexed.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE news_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
POSTGRESQL = [
    "CREATE TABLE news_search (article_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX news_search_document ON news_search USING gin (document)",
]
DROP = ["DROP TABLE IF EXISTS news_search"]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(statement)
    if vendor in ("sqlite", "postgresql") and apps.get_model("news", "Article").objects.exists():
        from news import search

        search.rebuild()


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_counter")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
