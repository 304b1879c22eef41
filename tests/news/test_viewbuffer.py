"""The Redis buffer: hits wait in Redis and reach the database exactly once, whatever crashes in between."""

from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from news import viewbuffer
from news.counters import record_view
from news.models import Article, DailyViews
from tests.factories import make_article
from tests.threads import run_in_threads

needs_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="the buffer needs REDIS_URL (the CI's PostgreSQL run)")
pytestmark = pytest.mark.django_db


@pytest.fixture
def buffered(settings):
    """Redis, with the request cycle's flush held off so that hits stay buffered."""
    viewbuffer.client().set(viewbuffer.key("flush-due"), 1, ex=600)
    return viewbuffer.client()


def db_views(article):
    return Article.objects.get(pk=article.pk).view_count


def daily(article):
    return dict(DailyViews.objects.filter(article=article).values_list("date", "views"))


def claim(r):
    """What a flusher does first; a test that stops after it plays a flusher killed there."""
    return int(
        r.eval(viewbuffer.CLAIM_SCRIPT, 3, viewbuffer.key("pending"), viewbuffer.key("flushing"),
               viewbuffer.key("flushing-batch"), 12345)
    )  # fmt: skip


@needs_redis
def test_hits_wait_in_redis_and_the_answer_includes_them(buffered):
    article = make_article()
    assert [record_view(article.pk) for _ in range(3)] == [1, 2, 3]
    assert db_views(article) == 0
    assert viewbuffer.pending_hits() == 3
    result = viewbuffer.flush()
    assert (result.batches, result.hits) == (1, 3)
    assert db_views(article) == 3
    assert daily(article) == {timezone.localdate(): 3}
    assert viewbuffer.pending_hits() == 0
    assert record_view(article.pk, counted=False) == 3


@needs_redis
def test_the_request_cycle_flushes_once_per_interval(settings):
    settings.VIEW_FLUSH_INTERVAL = 600
    article = make_article()
    record_view(article.pk)  # the first hit finds no flush-due mark: it flushes
    assert db_views(article) == 1
    record_view(article.pk)
    assert db_views(article) == 1
    assert record_view(article.pk, counted=False) == 2


@needs_redis
def test_a_flusher_killed_before_writing_loses_nothing(buffered):
    article = make_article()
    for _ in range(4):
        record_view(article.pk)
    claim(buffered)  # ...and the process dies
    record_view(article.pk)  # hits keep arriving meanwhile
    assert record_view(article.pk, counted=False) == 5
    result = viewbuffer.flush()
    assert (result.batches, result.hits) == (2, 5)
    assert db_views(article) == 5
    assert sum(daily(article).values()) == 5


@needs_redis
def test_a_flusher_killed_after_commit_does_not_count_twice(buffered):
    article, other = make_article(), make_article()
    for _ in range(3):
        record_view(article.pk)
    record_view(other.pk)
    batch = claim(buffered)
    viewbuffer.write_batch(batch, viewbuffer._parse(buffered.hgetall(viewbuffer.key("flushing"))))
    # ...and the process dies before deleting the batch from Redis.
    assert (db_views(article), db_views(other)) == (3, 1)
    record_view(article.pk)
    result = viewbuffer.flush()
    assert result.hits == 1
    assert (db_views(article), db_views(other)) == (4, 1)
    assert sum(daily(article).values()) == 4


def total_key(article):
    return viewbuffer.key(f"total:{article.pk}")


@needs_redis
def test_once_redis_holds_the_total_a_hit_needs_no_sql(buffered, django_assert_num_queries):
    article = make_article(view_count=40)
    with django_assert_num_queries(1):  # the first hit reads the stored count
        assert record_view(article.pk) == 41
    with django_assert_num_queries(0):
        assert [record_view(article.pk) for _ in range(3)] == [42, 43, 44]
    viewbuffer.flush()  # the hits move to the database; the total stays right
    assert db_views(article) == 44
    with django_assert_num_queries(0):
        assert record_view(article.pk) == 45


@needs_redis
def test_no_total_is_kept_while_a_flush_is_under_way(buffered):
    article = make_article()
    record_view(article.pk)
    buffered.delete(total_key(article))
    claim(buffered)  # a flusher is writing the hit
    assert record_view(article.pk) == 2
    assert not buffered.exists(total_key(article))


@needs_redis
def test_no_total_is_kept_when_a_flush_ends_between_reading_the_database_and_the_hit(buffered):
    article = make_article()
    record_view(article.pk)
    buffered.delete(total_key(article))
    read_before_the_flush = db_views(article)  # 0: the hit is still buffered

    def stored_count():
        viewbuffer.flush()  # ...and the hit reaches the database meanwhile
        return read_before_the_flush

    viewbuffer.count_view(article.pk, timezone.localdate(), stored_count)
    # Kept, 0 + the pending hit would have lost the flushed one for good.
    assert not buffered.exists(total_key(article))
    assert record_view(article.pk, counted=False) == 2


@needs_redis
def test_hits_of_a_deleted_article_are_dropped_and_the_rest_written(buffered):
    kept, deleted = make_article(), make_article()
    record_view(kept.pk)
    record_view(deleted.pk)
    deleted.delete()
    result = viewbuffer.flush()
    assert (result.hits, result.dropped) == (1, 1)
    assert db_views(kept) == 1
    assert viewbuffer.pending_hits() == 0


def test_hits_are_dated_in_shanghai_time():
    article = make_article()
    # 16:30 UTC on 1 March is 00:30 on 2 March in Asia/Shanghai.
    record_view(article.pk, now=datetime(2024, 3, 1, 16, 30, tzinfo=UTC))
    record_view(article.pk, now=datetime(2024, 3, 1, 15, 30, tzinfo=UTC))
    viewbuffer.flush()
    assert daily(article) == {date(2024, 3, 2): 1, date(2024, 3, 1): 1}


@needs_redis
def test_flush_views_command_writes_the_buffer(buffered, capsys):
    article = make_article()
    record_view(article.pk)
    record_view(article.pk)
    call_command("flush_views", "--dry-run")
    assert "2 hit(s) waiting" in capsys.readouterr().out
    assert db_views(article) == 0
    call_command("flush_views")
    assert "Wrote 2 hit(s) in 1 batch(es)." in capsys.readouterr().out
    assert db_views(article) == 2


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_concurrent_buffered_hits_and_flushes_add_up_exactly(settings):
    settings.VIEW_FLUSH_INTERVAL = 1
    article = make_article()
    threads, per_thread = 6, 40

    def reader():
        for n in range(per_thread):
            record_view(article.pk)
            if n % 10 == 0:
                viewbuffer.flush(max_batches=1)

    errors = run_in_threads(reader, threads)
    viewbuffer.flush()
    assert errors == []
    assert db_views(article) == threads * per_thread
    assert sum(daily(article).values()) == threads * per_thread


def test_flush_views_without_redis_has_nothing_to_do(settings, capsys):
    settings.REDIS_URL = ""
    call_command("flush_views")
    assert "nothing to do" in capsys.readouterr().out
