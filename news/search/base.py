"""What the SQLite and PostgreSQL backends share."""

from dataclasses import dataclass
from datetime import datetime

from .segment import normalize

TABLE = "news_search"

# Most matches a search ranks. A word found in nearly every article would
# otherwise make every search score the whole corpus; with the cap the work
# per search is bounded, whatever the corpus size. Beyond it the newest
# matches (by article id, which follows the order articles were added) are
# the ones ranked, and the page says so: ten pages of results, the newest
# news for a common word, which is what a reader of a news site looks for.
MAX_RESULTS = 200


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    title_hit: bool  # the title holds every query word
    relevance: float  # the database's score, higher is better
    published_at: datetime

    def sort_key(self):
        """Title matches first, then relevance, then the newer article."""
        return (not self.title_hit, -self.relevance, -self.published_at.timestamp(), -self.id)


class SearchBackend:
    """Stores (id, title words, body words) rows and finds the matches for a list of query words.

    Subclasses write the SQL; `matches()` returns at most `limit` matches,
    newest first, and the caller ranks them with `Match.sort_key`.
    """

    def __init__(self, connection):
        self.connection = connection

    def articles_sql(self, queryset):
        """The caller's queryset (visibility and filters) as a subquery of (id, published_at, title)."""
        return queryset.order_by().values_list("id", "published_at", "title").query.sql_with_params()

    def fetch(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)

    def prepare(self, max_id):
        """Make room in the index for ids up to `max_id` (nothing to do unless the storage is partitioned)."""

    def remove(self, ids):
        ids = list(ids)
        if ids:
            with self.connection.cursor() as cursor:
                cursor.executemany(self.delete_sql, [(pk,) for pk in ids])

    def match(self, terms, pk, title, relevance, published_at):
        # The title tier is decided on the article's own title, which the
        # match query reads anyway: the index's copy would cost a second
        # lookup per match (SQLite) or a second unpacking of the tsvector.
        title = normalize(title)
        return Match(pk, all(term in title for term in terms), relevance, published_at)

    def ranked(self, terms, queryset, limit=None):
        """(ids best first, whether more than `limit` (MAX_RESULTS) articles matched)."""
        limit = MAX_RESULTS if limit is None else limit
        matches = self.matches(terms, queryset, limit + 1)
        kept = sorted(matches[:limit], key=Match.sort_key)
        return [match.id for match in kept], len(matches) > limit

    def optimize(self):
        """Compact the index after a rebuild."""
