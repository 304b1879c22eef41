"""The Redis-backed engine (django-tasks-rq): the same events and pushes, queued in Redis.

Runs where REDIS_URL names a Redis (CI's PostgreSQL+Redis run); an RQ
worker works the queue in this process.
"""

import os

import pytest
from django.utils import timezone

from news.models import Delivery
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def rq_queue(publishing):
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    import django_rq
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable")
    from rq.registry import ScheduledJobRegistry

    publishing.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    publishing.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()
    scheduled = ScheduledJobRegistry(queue=queue)
    for job_id in scheduled.get_job_ids():
        scheduled.remove(job_id, delete_job=True)


def work(queue):
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True, with_scheduler=False)


def test_a_publication_is_pushed_through_the_redis_queue(rq_queue, baidu):
    article = make_article()
    assert len(rq_queue) == 1
    work(rq_queue)
    assert [body for _method, _path, body in baidu.requests] == [f"https://www.example.cn/news/{article.pk}.html"]
    assert Delivery.objects.get().status == "done"


def test_a_retry_is_scheduled_in_redis_with_its_backoff(rq_queue, baidu, publishing):
    from rq.registry import ScheduledJobRegistry

    publishing.PUBLISHING_RETRY_DELAY = 60
    baidu.answer((502, "bad gateway"))
    make_article()
    work(rq_queue)
    delivery = Delivery.objects.get()
    assert delivery.status == "retrying" and delivery.attempts == 1
    assert 50 < (delivery.next_attempt_at - timezone.now()).total_seconds() <= 60
    assert ScheduledJobRegistry(queue=rq_queue).count == 1
