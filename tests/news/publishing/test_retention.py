"""Old task results, deliveries and events that decide nothing are pruned; what the next event needs stays."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from news.models import Article, Delivery, PublicationEvent
from news.publishing import retention, worker
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)
Kind = PublicationEvent.Kind


def edit(article, body):
    article.body = body
    article.save()
    worker.run(batch=True)


def age(days):
    """Make everything recorded so far `days` old."""
    then = timezone.now() - timedelta(days=days)
    PublicationEvent.objects.update(created_at=then)
    Delivery.objects.update(created_at=then, finished_at=then)
    DBTaskResult.objects.update(enqueued_at=then, finished_at=then)


def prune(*arguments):
    out = io.StringIO()
    call_command("prune_publishing", *arguments, stdout=out)
    return out.getvalue()


def test_old_records_go_and_what_the_next_event_needs_stays(indexnow):
    article = make_article()
    worker.run(batch=True)
    edit(article, "<p>第一次修改。</p>")
    edit(article, "<p>第二次修改。</p>")
    gone = make_article()
    gone_id = gone.pk
    worker.run(batch=True)
    gone.delete()
    worker.run(batch=True)
    age(40)
    # Five events had a delivery each; the deleted article's 发布 event went with it.
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 5
    assert Delivery.objects.count() == 4
    fresh = make_article()
    worker.run(batch=True)

    assert "将删除：推送与动作 4 条，发布事件 2 条，任务结果 5 条" in prune("--dry-run")
    assert PublicationEvent.objects.count() == 5  # the dry run deleted nothing

    assert "已删除：推送与动作 4 条，发布事件 2 条，任务结果 5 条" in prune()
    kept = list(PublicationEvent.objects.filter(article=article).order_by("id").values_list("kind", flat=True))
    # The first 更新 went; the 发布 event and the last event stay.
    assert kept == [Kind.PUBLISHED, Kind.UPDATED]
    assert not PublicationEvent.objects.filter(kind=Kind.DELETED).exists()
    assert PublicationEvent.objects.filter(article_id=gone_id).count() == 0
    assert PublicationEvent.objects.filter(article=fresh).count() == 1
    assert Delivery.objects.filter(event__article=fresh).count() == 1
    assert DBTaskResult.objects.count() == 1

    # The article's next changes are recorded as before: nothing they are compared with was pruned.
    article.status = Article.Status.WITHDRAWN
    article.save()
    worker.run(batch=True)
    events = list(PublicationEvent.objects.filter(article=article).order_by("id").values_list("kind", "occasion"))
    assert events[-1] == (Kind.WITHDRAWN, "live-1")
    assert len(indexnow.requests) == 7


def test_an_unfinished_delivery_and_its_event_are_kept(indexnow):
    article = make_article()
    worker.run(batch=True)
    edit(article, "<p>第一次修改。</p>")
    edit(article, "<p>第二次修改。</p>")
    first_update = PublicationEvent.objects.filter(kind=Kind.UPDATED).earliest("id")
    Delivery.objects.filter(event=first_update).update(status="retrying")
    age(40)
    prune()
    assert PublicationEvent.objects.filter(pk=first_update.pk).exists()
    assert Delivery.objects.filter(event=first_update, status="retrying").exists()


def test_the_clock_prunes_once_per_interval_and_not_at_all_when_switched_off(indexnow, publishing, monkeypatch):
    make_article()
    worker.run(batch=True)
    age(40)
    monkeypatch.setattr(retention, "_last_pruned", None)
    publishing.PUBLISHING_PRUNE_INTERVAL = 0
    worker.tick()
    assert Delivery.objects.count() == 1

    publishing.PUBLISHING_PRUNE_INTERVAL = 3600
    worker.tick()
    assert Delivery.objects.count() == 0 and DBTaskResult.objects.count() == 0
    make_article()
    worker.run(batch=True)
    age(40)
    worker.tick()  # within the hour: not again
    assert Delivery.objects.count() == 1


def test_the_command_refuses_a_retention_of_no_days():
    with pytest.raises(Exception, match="至少为 1"):
        call_command("prune_publishing", "--days", "0", stdout=io.StringIO())
