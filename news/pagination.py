"""Page numbers that stay fast on deep pages of long lists."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal.caching import cached


class ArticlePaginator(Paginator):
    """Django's Paginator with two changes for lists of 100k+ articles.

    - The COUNT is cached per content version under `count_key`: it scans the
      whole list, and every page of it needs the same number.
    - A page first reads only its ids with LIMIT/OFFSET, which the composite
      indexes on Article (category/source, status, -published_at, -id) answer
      without touching the table, then fetches those few rows by primary key
      alone (re-applying the list's filters would make the database walk the
      list again). Skipping 100k index entries is cheap; skipping 100k table
      rows is not.
    """

    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached(f"count:{self.count_key}", self.object_list.count)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = self.object_list.model.objects.for_list().in_bulk(ids) if ids else {}
        rows = [found[pk] for pk in ids if pk in found]
        return self._get_page(rows, number, self)
