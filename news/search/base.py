"""What the SQLite and PostgreSQL backends share."""

TABLE = "news_search"


class SearchBackend:
    """Stores (id, title words, body words) rows and ranks them for a list of query words.

    Subclasses write the SQL. Ranking is the same on both: articles whose title
    holds every query word first, then the database's relevance score (title
    words weigh more than body words), then the newer article.
    """

    # The LIMIT value that means "no limit".
    no_limit = None

    def __init__(self, connection):
        self.connection = connection

    def articles_sql(self, queryset):
        """The caller's queryset (visibility and filters) as a subquery of (id, published_at)."""
        return queryset.order_by().values_list("id", "published_at").query.sql_with_params()

    def fetch(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)

    def remove(self, ids):
        ids = list(ids)
        if ids:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.delete_sql, [(pk,) for pk in ids])

    def search(self, terms, queryset, limit, offset):
        """Ids of one page of matches, best first."""
        sql, params = self.search_sql(terms, queryset)
        sql += " LIMIT %s OFFSET %s"
        return [row[0] for row in self.fetch(sql, [*params, self.no_limit if limit is None else limit, offset])]

    def count(self, terms, queryset):
        sql, params = self.count_sql(terms, queryset)
        return self.fetch(sql, params)[0][0]

    def optimize(self):
        """Compact the index after a rebuild."""
