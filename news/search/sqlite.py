"""SQLite FTS5 backend.

The FTS5 table `news_search(title, body)` (rowid = article id) stores the
segmented words separated by spaces; the unicode61 tokenizer then splits on
those spaces. bm25() scores, with a title word worth ten body words.
"""

from django.utils.dateparse import parse_datetime

from .base import TABLE, SearchBackend

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
# Up to this many articles left by the filters, matches are tested against
# that selection held in memory; beyond, each match's article is looked up.
# At 100,000 articles, a week (~650 articles) under a word found in 90% of them
# took ~50 ms the first way and ~210 ms the second.
SMALL_SELECTION = 5000


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
        articles, params = self.articles_sql(queryset)
        sql = (
            f"SELECT {TABLE}.rowid, a.title, bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}), a.published_at "
            f"FROM {TABLE} CROSS JOIN ({articles}) AS a ON a.id = {TABLE}.rowid WHERE {TABLE} MATCH %s "
        )
        params = [*params, match_expression(terms)]
        if self._is_small(articles, params[:-1]):
            # A narrow filter (a week, say) under a common word: few matches
            # pass it, so rather than look up every match's article, test the
            # matches against the selection, held in memory. The unary + keeps
            # SQLite from handing each selected id to FTS5 as a separate
            # lookup, which would make bm25() recount the word's frequency
            # over the whole index for every one of them.
            sql += f"AND +{TABLE}.rowid IN (SELECT id FROM ({articles})) "
            params += params[:-1]
        # CROSS JOIN keeps the full-text match as the outer loop, walked newest
        # first in the index's own rowid order, so SQLite stops after `limit`
        # visible matches; bm25() runs for those rows only.
        rows = self.fetch(f"{sql}ORDER BY {TABLE}.rowid DESC LIMIT %s", [*params, limit])
        return [
            self.match(terms, pk, title, -score, self.published_at(published_at))
            for pk, title, score, published_at in rows
        ]

    def _is_small(self, articles, params):
        """Whether the filters leave at most SMALL_SELECTION articles (a count that stops there)."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM ({articles}) LIMIT %s)"
        return self.fetch(sql, [*params, SMALL_SELECTION + 1])[0][0] <= SMALL_SELECTION

    def published_at(self, value):
        """SQLite hands a raw query's datetimes back as text."""
        return parse_datetime(value) if isinstance(value, str) else value

    def size(self):
        """Bytes the index takes (its shadow tables), for the benchmark."""
        return self.fetch("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s", [f"{TABLE}%"])[0][0]
