"""PostgreSQL: the search index partitioned by ranges of article ids (news/search/postgres.py).

A common word is looked for among the newest articles first; in one table that
search read the word's entries across the whole corpus from the GIN index (38,000
at a million articles, two thirds of the query's time). Partitioned, it reads
those of the newest partition or two. The rows are copied into the new table
before its GIN index is built: one bulk build per partition instead of an
index insert per row. SQLite's FTS5 table is left as it is.
"""

from django.db import migrations

from news.search.postgres import PostgreSQLBackend

OLD = "news_search_unpartitioned"


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _set_aside(schema_editor)
    schema_editor.execute(
        "CREATE TABLE news_search (article_id bigint PRIMARY KEY, document tsvector NOT NULL) "
        "PARTITION BY RANGE (article_id)"
    )
    backend = PostgreSQLBackend(schema_editor.connection)
    backend.ensure_partitions(backend.fetch(f"SELECT coalesce(max(article_id), 0) FROM {OLD}", [])[0][0])
    _fill(schema_editor)


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _set_aside(schema_editor)
    schema_editor.execute("CREATE TABLE news_search (article_id bigint PRIMARY KEY, document tsvector NOT NULL)")
    _fill(schema_editor)


def _set_aside(schema_editor):
    """The current table, its primary key and its GIN index renamed out of the new table's way."""
    schema_editor.execute(f"ALTER TABLE news_search RENAME TO {OLD}")
    schema_editor.execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT news_search_pkey TO {OLD}_pkey")
    schema_editor.execute(f"ALTER INDEX news_search_document RENAME TO {OLD}_document")


def _fill(schema_editor):
    """The old rows into the new table, then its GIN index built over them."""
    schema_editor.execute(f"INSERT INTO news_search (article_id, document) SELECT article_id, document FROM {OLD}")
    schema_editor.execute(f"DROP TABLE {OLD}")
    schema_editor.execute("CREATE INDEX news_search_document ON news_search USING gin (document)")
    schema_editor.execute("ANALYZE news_search")


class Migration(migrations.Migration):
    dependencies = [("news", "0005_perf")]

    operations = [migrations.RunPython(partition, unpartition, elidable=False)]
