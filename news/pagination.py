"""Page numbers that stay fast on deep pages of long lists, and page rows read only when rendered."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal.caching import cached

from .thumbnails import attach_thumbnails


class PageRows(Sequence):
    """The articles of one list page, read from the database when first used.

    A list page whose rendered rows are cached (under the content versions and
    `key`) then costs no query: its ids are cached too (ArticlePaginator.page).
    """

    def __init__(self, model, ids, thumbnail_size):
        self.model, self.ids, self.thumbnail_size = model, ids, thumbnail_size

    @cached_property
    def rows(self):
        found = self.model.objects.for_list().in_bulk(self.ids) if self.ids else {}
        rows = [found[pk] for pk in self.ids if pk in found]
        return attach_thumbnails(rows, self.thumbnail_size) if self.thumbnail_size else rows

    @property
    def key(self):
        """Which articles: with the content versions, what the rendered rows depend on."""
        return ",".join(map(str, self.ids))

    def __bool__(self):
        return bool(self.ids)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if not isinstance(index, (int, slice)):
            # A template's `articles.key` tries articles["key"] first.
            raise TypeError(f"PageRows indices must be integers or slices, not {type(index).__name__}")
        return self.rows[index]


class ArticlePaginator(Paginator):
    """Django's Paginator with three changes for lists of 100k+ articles.

    - The COUNT is cached under `count_key` until one of `areas` changes: it
      scans the whole list, and every page of it needs the same number. So is
      each page's list of ids: a warm list page runs no query.
    - A page first reads only its ids with LIMIT/OFFSET, which the composite
      indexes on Article (category/source, status, -published_at, -id) answer
      without touching the table, then fetches those few rows by primary key
      alone (re-applying the list's filters would make the database walk the
      list again). Skipping 100k index entries is cheap; skipping 100k table
      rows is not.
    - Those rows (with thumbnails of `thumbnail_size`) are read only when the
      page is rendered: see PageRows.
    """

    def __init__(self, object_list, per_page, *, count_key, areas=(), thumbnail_size=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.areas = areas  # what the list shows (portal.caching; all areas by default)
        self.thumbnail_size = thumbnail_size

    @cached_property
    def count(self):
        return cached(f"count:{self.count_key}", self.object_list.count, areas=self.areas)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = cached(
            f"page:{self.count_key}:{number}",
            lambda: list(self.object_list.values_list("pk", flat=True)[bottom:top]),
            areas=self.areas,
        )
        return self._get_page(PageRows(self.object_list.model, ids, self.thumbnail_size), number, self)
