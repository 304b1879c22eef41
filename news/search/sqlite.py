"""SQLite FTS5 backend.

The FTS5 table `news_search(title, body)` (rowid = article id) stores the
segmented words separated by spaces; the unicode61 tokenizer then splits on
those spaces. bm25() ranks, with a title word worth ten body words.
"""

from .base import TABLE, SearchBackend

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


def quote(term):
    """One FTS5 string: inside double quotes no word is an operator (NEAR, OR, *, :)."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms):
    return " ".join(quote(term) for term in terms)


class SQLiteBackend(SearchBackend):
    delete_sql = f"DELETE FROM {TABLE} WHERE rowid = %s"
    no_limit = -1

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

    def _from(self, terms, queryset):
        # CROSS JOIN keeps the full-text match as the outer loop: SQLite walks
        # the matches and looks each article up by primary key, instead of
        # walking every published article and running the match for each.
        articles, params = self.articles_sql(queryset)
        sql = f"FROM {TABLE} CROSS JOIN ({articles}) AS a ON a.id = {TABLE}.rowid WHERE {TABLE} MATCH %s"
        return sql, [*params, match_expression(terms)]

    def search_sql(self, terms, queryset):
        sql, params = self._from(terms, queryset)
        title_match = f"title : ({match_expression(terms)})"
        return (
            f"SELECT {TABLE}.rowid {sql} ORDER BY "
            f"{TABLE}.rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s) DESC, "
            f"bm25({TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}), a.published_at DESC, a.id DESC",
            [*params, title_match],
        )

    def count_sql(self, terms, queryset):
        sql, params = self._from(terms, queryset)
        return f"SELECT count(*) {sql}", params

    def size(self):
        """Bytes the index takes (its shadow tables), for the benchmark."""
        return self.fetch(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE %s",
            [f"{TABLE}%"],
        )[0][0]
