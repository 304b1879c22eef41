"""PostgreSQL full-text backend.

The table `news_search(article_id, document)` holds one tsvector per article,
built with the `simple` configuration (no stemming, no stop words: the words
are already segmented) from the title with weight A and the body with weight
D, under a GIN index. ts_rank scores; its default weights make a title word
worth ten body words.
"""

from .base import TABLE, Match, SearchBackend

DOCUMENT = "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s)"


def quote(term, weight=""):
    """One tsquery lexeme in quotes, so that no word is an operator (&, |, !, <->, :*)."""
    escaped = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'{':' + weight if weight else ''}"


def tsquery(terms, weight=""):
    return " & ".join(quote(term, weight) for term in terms)


class PostgreSQLBackend(SearchBackend):
    delete_sql = f"DELETE FROM {TABLE} WHERE article_id = %s"

    def index(self, rows):
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, document) VALUES (%s, {DOCUMENT}) "
                "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
                rows,
            )

    def clear(self):
        self.execute(f"TRUNCATE {TABLE}")

    def optimize(self):
        # Bulk inserts park new entries in the GIN index's pending list, which
        # every search then scans; merge it now rather than at the next
        # autovacuum, and give the planner statistics for the new rows.
        self.execute("SELECT gin_clean_pending_list('news_search_document'::regclass)")
        self.execute(f"ANALYZE {TABLE}")

    def matches(self, terms, queryset, limit):
        # The inner query only finds the newest `limit` visible matches; the
        # outer one scores just those (ts_rank reads the whole tsvector).
        articles, params = self.articles_sql(queryset)
        rows = self.fetch(
            "SELECT m.article_id, m.document @@ to_tsquery('simple', %s), "
            "ts_rank(m.document, to_tsquery('simple', %s)), m.published_at FROM ("
            f"SELECT s.article_id, s.document, a.published_at FROM {TABLE} s JOIN ({articles}) AS a "
            "ON a.id = s.article_id WHERE s.document @@ to_tsquery('simple', %s) "
            "ORDER BY s.article_id DESC LIMIT %s) AS m",
            [tsquery(terms, "A"), tsquery(terms), *params, tsquery(terms), limit],
        )
        return [Match(*row) for row in rows]

    def size(self):
        """Bytes the index takes (table, TOAST and GIN index), for the benchmark."""
        return self.fetch("SELECT pg_total_relation_size(%s)", [TABLE])[0][0]
