"""PostgreSQL full-text backend.

The table `news_search(article_id, document)` holds one tsvector per article,
built with the `simple` configuration (no stemming, no stop words: the words
are already segmented) from the title with weight A and the body with weight
D, under a GIN index. ts_rank scores; its default weights make a title word
worth ten body words.

The table is partitioned by ranges of `PARTITION_SIZE` article ids, each
partition with its own GIN index, created as the ids grow (`ensure_partitions`).
A common word is looked for among the newest ids first (`matches`): that
search reads the word's entries in the newest partition or two only, not its
entries across the whole corpus, so its cost does not grow with the archive.
"""

import json
import math
from contextlib import contextmanager, nullcontext

from django.db import DatabaseError, transaction

from .base import TABLE, SearchBackend

# A common word is searched in the newest ids that should hold this many times
# the matches wanted (see matches()).
WINDOW_MARGIN = 2

# Article ids per partition of the index: a million articles are ten
# partitions. Partitions are named by their number (`news_search_p3` holds ids
# 300,000 to 399,999), so changing this needs a migration that partitions the
# table anew.
PARTITION_SIZE = 100_000

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
        self.ensure_partitions(max(row[0] for row in rows))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (article_id, document) VALUES (%s, {DOCUMENT}) "
                "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document",
                rows,
            )

    def prepare(self, max_id):
        self.ensure_partitions(max_id)

    def clear(self):
        self.execute(f"TRUNCATE {TABLE}")

    @staticmethod
    def partition_name(number):
        return f"{TABLE}_p{number}"

    def ensure_partitions(self, article_id):
        """Create the partitions that ids up to `article_id` go to, and the one after, where missing.

        One range ahead, so that the partition's DDL rarely runs in the
        transaction that saves the first article of a range. Concurrent
        creators of one partition: the loser finds it there and goes on.
        Nothing to do while the table is not partitioned yet (migration
        0004 indexes existing articles before 0006 partitions the table).
        """
        kind, leaves = self.fetch(
            "SELECT relkind, array(SELECT relid::text FROM pg_partition_tree(oid) WHERE isleaf) "
            "FROM pg_class WHERE oid = %s::regclass",
            [TABLE],
        )[0]
        if kind != "p":
            return
        existing = set(leaves)
        for number in range(article_id // PARTITION_SIZE + 2):
            name = self.partition_name(number)
            if name in existing:
                continue
            try:
                with transaction.atomic(using=self.connection.alias):
                    self.execute(
                        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "
                        f"FOR VALUES FROM ({number * PARTITION_SIZE}) TO ({(number + 1) * PARTITION_SIZE})"
                    )
            except DatabaseError:
                if not self.fetch("SELECT to_regclass(%s) IS NOT NULL", [name])[0][0]:
                    raise

    def optimize(self):
        # Bulk inserts park new entries in the GIN indexes' pending lists, which
        # every search then scans; merge them now rather than at the next
        # autovacuum, and give the planner statistics for the new rows.
        self.execute(
            "SELECT gin_clean_pending_list(relid) FROM pg_partition_tree('news_search_document'::regclass) WHERE isleaf"
        )
        self.execute(f"ANALYZE {TABLE}")

    def matches(self, terms, queryset, limit):
        """The newest `limit` visible matches, from the fewest index entries that can hold them.

        A word in a few articles: the GIN index yields every match, and they
        are sorted (`article_id + 0` keeps the planner from walking the primary
        key instead). A common word: matching the whole corpus would fetch
        every one of its articles, tens of thousands at a million, so the search
        looks only at the newest stretch of ids that the planner's estimate says
        holds about twice `limit` matches (the GIN index and the primary key
        intersected as bitmaps), and only if it holds fewer looks at them all.
        Either way the work follows `limit`, not the corpus, but for a word much
        rarer in recent articles than in older ones.
        """
        articles, params = self.articles_sql(queryset)
        query = tsquery(terms)
        estimated, total, newest = self._statistics(query)
        rows = None
        if newest and estimated > WINDOW_MARGIN * limit:
            span = math.ceil(WINDOW_MARGIN * limit * max(total, 1) / estimated)
            if span < newest:
                rows = self._newest(query, articles, params, limit, newest - span)
        # Fewer than `limit` in the window (the word is rarer among recent
        # articles than overall, or many of them are not visible): all matches.
        if rows is None or len(rows) < limit:
            rows = self._newest(query, articles, params, limit, None)
        return [self.match(terms, *row) for row in rows]

    def _newest(self, query, articles, params, limit, floor):
        # The inner query finds the newest `limit` visible matches, carrying
        # only ids (not tsvectors, which would be sorted and passed between
        # workers); the outer one reads the tsvector of just those to score them.
        window = "" if floor is None else "AND s.article_id > %s "
        with nullcontext() if floor is None else self._bitmap_plan():
            return self.fetch(
                "SELECT m.article_id, m.title, ts_rank(d.document, to_tsquery('simple', %s)), m.published_at FROM ("
                f"SELECT s.article_id, a.title, a.published_at FROM {TABLE} s JOIN ({articles}) AS a "
                f"ON a.id = s.article_id WHERE s.document @@ to_tsquery('simple', %s) {window}"
                "ORDER BY s.article_id + 0 DESC LIMIT %s) AS m "
                f"JOIN {TABLE} d ON d.article_id = m.article_id",
                [query, *params, query, *([] if floor is None else [floor]), limit],
            )

    @contextmanager
    def _bitmap_plan(self):
        """A transaction in which the window's query intersects the GIN index with the window as bitmaps.

        The planner takes testing a tsvector for cheap, and would walk the
        primary key through the window testing every row (180 ms at a million
        articles); with index scans off it takes bitmaps (15 ms). Parallel
        workers only add their start-up to a query this size, and take cores
        from the other requests.
        """
        with transaction.atomic(using=self.connection.alias):
            self.execute(
                "SELECT set_config('enable_indexscan', 'off', true), "
                "set_config('max_parallel_workers_per_gather', '0', true)"
            )
            yield

    def _statistics(self, query):
        """(matches the planner expects, rows in the index, newest indexed id)."""
        plan = self.fetch(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)", [query]
        )[0][0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        # A partition not analyzed yet says -1.
        total, newest = self.fetch(
            "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0), "
            f"(SELECT max(article_id) FROM {TABLE}) "
            "FROM pg_partition_tree(%s::regclass) t JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf",
            [TABLE],
        )[0]
        return plan[0]["Plan"]["Plan Rows"], total, newest or 0

    def size(self):
        """Bytes the index takes (every partition's table, TOAST and GIN index), for the benchmark."""
        (size,) = self.fetch("SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(%s::regclass)", [TABLE])
        return size[0]
