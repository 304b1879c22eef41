"""Full-text search of articles, with Chinese word segmentation.

The small interface the rest of the site uses:

- `search(text, queryset)`: the articles of `queryset` that match `text`, best
  first (at most `MAX_RESULTS`), as a lazy sequence that Django's Paginator slices;
- `index(ids)`: (re)index these articles, or drop them from the index when
  they no longer exist; `remove(ids)`; `rebuild()`.

The index holds every article, whatever its status: visibility is decided at
query time by the queryset the caller passes (`Article.objects.published()`),
so a scheduled article appears at its time and an unpublished one disappears
at once, with nothing to re-index.

Two backends share the work: SQLite FTS5 and PostgreSQL full-text search,
chosen from the database in use. Both store pre-segmented text (see
`segment.py`) and never see the reader's query syntax: the backend builds the
match expression from the segmented words, each one quoted.
"""

import hashlib

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils.functional import SimpleLazyObject

from portal.caching import bump, cached

from ..sanitizer import clean_html_text, html_to_text
from .base import MAX_RESULTS
from .highlight import highlight, snippet
from .segment import document, query_terms

__all__ = ["MAX_RESULTS", "SearchResults", "get_backend", "index", "index_article", "rebuild", "remove", "search"]

BATCH_SIZE = 500
# Any article change may change a ranking (news/cache_areas.py); a withdrawal bumps "site" too.
SEARCH_AREAS = ("site", "lists")


def get_backend():
    """The backend for the database in use."""
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    if connection.vendor == "postgresql":
        from .postgres import PostgreSQLBackend

        return PostgreSQLBackend(connection)
    raise ImproperlyConfigured(
        f"Article search supports SQLite and PostgreSQL, not {connection.vendor}. Set DATABASE_URL to one of them."
    )


def _rows(articles):
    """(id, title words, body words) of each article, ready for a backend."""
    # Stored bodies are clean (Article.prepare_for_save): no second pass through the sanitiser.
    return [(pk, document(title), document(clean_html_text(body))) for pk, title, body in articles]


def index(ids):
    """Bring these articles' index entries up to date; ids of deleted articles are dropped."""
    from ..models import Article

    backend = get_backend()
    ids = list(ids)
    if ids:
        # Room for all of them before the first write: DDL run after a transaction's own writes
        # to the index deadlocks with another writer doing the same (PostgreSQL's partitions).
        backend.prepare(max(ids))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        articles = Article.objects.filter(pk__in=batch).values_list("pk", "title", "body")
        rows = _rows(articles)
        # One transaction per batch, also when called in autocommit (after an import's batch
        # committed): a commit per row made FTS5 write and merge a segment for every article.
        with transaction.atomic():
            backend.remove(set(batch) - {row[0] for row in rows})
            backend.index(rows)


def index_article(article):
    """Index one saved article from the instance at hand (no query)."""
    get_backend().index(_rows([(article.pk, article.title, article.body)]))


def remove(ids):
    get_backend().remove(list(ids))


def rebuild(progress=None, batch_size=BATCH_SIZE):
    """Empty the index and index every article again; returns how many were indexed."""
    from ..models import Article

    backend = get_backend()
    backend.clear()
    count = 0
    queryset = Article.objects.order_by("pk").values_list("pk", "title", "body")
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last)[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            backend.index(_rows(batch))
        last = batch[-1][0]
        count += len(batch)
        if progress:
            progress(len(batch))
    backend.optimize()
    bump()  # what every search finds may have changed
    return count


def search(text, queryset, cache_key=None):
    """The articles of `queryset` matching `text`, best first (lazy; slice it or count it).

    With `cache_key` (what, besides the text, picks the queryset: the page's
    filters) the ranking and each page of results are cached until an
    article changes: the same search again costs no query.
    """
    terms = query_terms(text or "")
    key = hashlib.md5(f"{terms}|{cache_key}".encode(), usedforsecurity=False).hexdigest() if cache_key else None
    return SearchResults(get_backend(), terms, queryset, key)


class SearchResults:
    """A lazy, sliceable result list: what Paginator needs.

    The first use runs one query for the ranked ids of every match (at most
    `MAX_RESULTS`); a page, once used, runs one more for its articles. Each article
    comes back with `search_title` and `search_snippet`: escaped HTML with
    the matched words in <mark>.
    """

    def __init__(self, backend, terms, queryset, cache_key=None):
        self.backend = backend
        self.terms = terms
        self.queryset = queryset
        self.cache_key = cache_key
        self._ids = None
        self._more = False

    def _cached(self, name, compute):
        if self.cache_key is None:
            return compute()
        return cached(f"search:{self.cache_key}:{name}", compute, areas=SEARCH_AREAS)

    @property
    def ids(self):
        if self._ids is None:
            if not self.terms:
                self._ids, self._more = [], False
            else:
                self._ids, self._more = self._cached("ids", lambda: self.backend.ranked(self.terms, self.queryset))
        return self._ids

    @property
    def truncated(self):
        """More articles matched than are ranked (see MAX_RESULTS)."""
        return bool(self.ids) and self._more

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("SearchResults supports slices without a step only.")
        ids = self.ids[key]
        if not ids:
            return []
        # Read when first used: a search page whose results are a cached fragment reads no rows (search.html).
        return SimpleLazyObject(lambda: self._cached(f"{key.start}-{key.stop}", lambda: self._articles(ids)))

    def _articles(self, ids):
        # By primary key only: the ids come from the caller's queryset already,
        # and its filters would lead SQLite to scan the status index instead.
        articles = self.queryset.model._default_manager.select_related("category", "source").in_bulk(ids)
        results = [articles[pk] for pk in ids if pk in articles]
        for article in results:
            article.search_title = highlight(article.title, self.terms)
            article.search_snippet = snippet(html_to_text(article.body) or article.summary, self.terms)
        return results
