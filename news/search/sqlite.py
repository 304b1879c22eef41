"""SQLite FTS5 backend.

The FTS5 table `news_search(title, body)` (rowid = article id) stores the
segmented words separated by spaces; the unicode61 tokenizer then splits on
those spaces. bm25() scores, with a title word worth ten body words.
"""

from django.utils.dateparse import parse_datetime

from .base import TABLE, Match, SearchBackend

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


def quote(term):
    """One FTS5 string: inside double quotes no word is an operator (NEAR, OR, *, :)."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms):
    return " ".join(quote(term) for term in terms)


class SQLiteBackend(SearchBackend):
    delete_sql = f"DELETE FROM {TABLE} WHERE rowid = %s"

    def index(self, rows):
        if not rows:
            return
        self.remove(row[0] for row in rows)
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)", rows)

    def clear(self):
        self.execute(f"DELETE FROM {TABLE}")

    def optimize(self):
        self.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")

    def matches(self, terms, queryset, limit):
        # CROSS JOIN keeps the full-text match as the outer loop, walked
        # newest first in the index's own rowid order, so SQLite stops after
        # `limit` visible matches; bm25() runs for those rows only.
        articles, params = self.articles_sql(queryset)
        rows = self.fetch(
            f"SELECT {TABLE}.rowid, {TABLE}.title, bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}), a.published_at "
            f"FROM {TABLE} CROSS JOIN ({articles}) AS a ON a.id = {TABLE}.rowid "
            f"WHERE {TABLE} MATCH %s ORDER BY {TABLE}.rowid DESC LIMIT %s",
            [*params, match_expression(terms), limit],
        )
        wanted = set(terms)
        return [
            Match(pk, wanted <= set(title.split()), -score, self.published_at(published_at))
            for pk, title, score, published_at in rows
        ]

    def published_at(self, value):
        return parse_datetime(value) if isinstance(value, str) else value

    def size(self):
        """Bytes the index takes (its shadow tables), for the benchmark."""
        return self.fetch("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s", [f"{TABLE}%"])[0][0]
