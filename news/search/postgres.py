"""PostgreSQL full-text backend.

The table `news_search(article_id, document)` holds one tsvector per article,
built with the `simple` configuration (no stemming, no stop words: the words
are already segmented) from the title with weight A and the body with weight
D, under a GIN index. ts_rank scores; its default weights make a title word
worth ten body words.
"""

import json

from .base import TABLE, SearchBackend

# Share of the articles above which a word counts as common (see _newest_first):
# at 100,000 articles the two plans took about as long at 10%.
COMMON_FRACTION = 0.1

DOCUMENT = "setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s)"


def quote(term):
    """One tsquery lexeme in quotes, so that no word is an operator (&, |, !, <->, :*)."""
    escaped = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def tsquery(terms):
    return " & ".join(quote(term) for term in terms)


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
        # The inner query finds the newest `limit` visible matches, carrying
        # only ids (not tsvectors, which would be sorted and passed between
        # workers); the outer one reads the tsvector of just those to score them.
        articles, params = self.articles_sql(queryset)
        query = tsquery(terms)
        rows = self.fetch(
            "SELECT m.article_id, m.title, ts_rank(d.document, to_tsquery('simple', %s)), m.published_at FROM ("
            f"SELECT s.article_id, a.title, a.published_at FROM {TABLE} s JOIN ({articles}) AS a "
            "ON a.id = s.article_id WHERE s.document @@ to_tsquery('simple', %s) "
            f"ORDER BY {self._newest_first(query)} DESC LIMIT %s) AS m "
            f"JOIN {TABLE} d ON d.article_id = m.article_id",
            [query, *params, query, limit],
        )
        return [self.match(terms, *row) for row in rows]

    def _newest_first(self, query):
        """How to order the matches: the choice between two plans, made from the planner's own estimate.

        For a word in many articles, walking the primary key backwards and
        testing each row finds the newest matches after a few rows. For a
        rarer one that walk tests thousands of rows, each test unpacking a
        tsvector, which the planner underestimates: there, ordering by an
        expression makes it take the GIN index and sort the few matches.
        """
        plan = self.fetch(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)", [query]
        )[0][0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        estimated = plan[0]["Plan"]["Plan Rows"]
        total = self.fetch("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])[0][0]
        if estimated >= COMMON_FRACTION * max(total, 1):
            return "s.article_id"
        return "s.article_id + 0"

    def size(self):
        """Bytes the index takes (table, TOAST and GIN index), for the benchmark."""
        return self.fetch("SELECT pg_total_relation_size(%s)", [TABLE])[0][0]
