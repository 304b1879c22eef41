"""Publication events: one per occasion, whatever wrote the article; side effects run by the worker."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Delivery, PublicationEvent
from news.publishing import events, worker
from news.signals import articles_changed
from news.workflow import machine
from tests.factories import make_article, make_user
from tests.threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def pushed_urls(server):
    return [body for method, path, body in server.requests if path.startswith("/urls")]


def test_a_scheduled_article_is_pushed_once_when_its_time_passes_with_no_request(baidu):
    article = make_article(when=timedelta(seconds=1))
    worker.run(batch=True)
    assert pushed_urls(baidu) == []
    assert not PublicationEvent.objects.exists()

    time.sleep(1.2)
    worker.run(batch=True)
    worker.run(batch=True)
    assert pushed_urls(baidu) == [f"https://www.example.cn/news/{article.pk}.html"]
    assert "site=https%3A%2F%2Fwww.example.cn&token=secret-token" in baidu.requests[0][1]
    event = PublicationEvent.objects.get()
    assert event.kind == "published"
    delivery = event.deliveries.get()
    assert (delivery.effect, delivery.status) == ("baidu", "done")
    assert delivery.answer == "百度已接收 1 条，今日剩余 99"


def test_two_workers_racing_push_a_scheduled_article_once(baidu):
    article = make_article(when=timedelta(seconds=1))
    time.sleep(1.2)
    errors = run_in_threads(lambda: worker.run(batch=True), 2)
    assert errors == []
    assert pushed_urls(baidu) == [f"https://www.example.cn/news/{article.pk}.html"]
    assert PublicationEvent.objects.count() == 1
    assert Delivery.objects.get().status == "done"


def test_a_published_save_pushes_and_an_edit_of_a_live_article_is_an_update(baidu, publishing):
    publishing.PURGE_ENDPOINT = baidu.url + "/purge"
    article = make_article()
    worker.run(batch=True)
    article.body = "<p>改过的正文。</p>"
    article.save()
    article.save()  # nothing changed: no event
    worker.run(batch=True)
    kinds = list(PublicationEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["published", "updated"]
    # Baidu is told of new URLs only; the front cache is purged both times.
    assert len(pushed_urls(baidu)) == 1
    purged = [path for method, path, body in baidu.requests if method == "PURGE"]
    assert purged.count(f"/purge/news/{article.pk}.html") == 2
    assert f"/purge{article.category.get_absolute_url()}" in purged


def test_withdrawing_and_publishing_again_are_events_too(baidu, client):
    chief = make_user(group="主编")
    client.force_login(chief)
    article = make_article()
    changelist = reverse("admin:news_article_changelist")
    client.post(changelist, {"action": "withdraw", "_selected_action": [article.pk]})
    # A withdrawn article goes live again through the workflow's 恢复 (restore), as the 主编 would.
    article.refresh_from_db()
    machine.transition(article, machine.Action.RESTORE, chief)
    worker.run(batch=True)
    kinds = list(PublicationEvent.objects.order_by("id").values_list("kind", "occasion"))
    assert kinds == [("published", "live-1"), ("withdrawn", "live-1"), ("published", "live-2")]
    assert len(pushed_urls(baidu)) == 2


def test_a_draft_and_a_future_article_record_nothing(baidu):
    make_article(published=False)
    make_article(when=timedelta(hours=1))
    worker.run(batch=True)
    assert not PublicationEvent.objects.exists()
    assert baidu.requests == []


def test_moving_a_live_article_into_the_future_withdraws_it(baidu):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(days=1))
    article.refresh_from_db()
    article.save()
    assert list(PublicationEvent.objects.order_by("id").values_list("kind", flat=True)) == ["published", "withdrawn"]


def test_the_article_page_in_the_admin_lists_its_events_and_answers(baidu, client):
    article = make_article()
    worker.run(batch=True)
    client.force_login(make_user(group="编辑"))
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "发布记录" in page
    assert "百度已接收 1 条，今日剩余 99" in page
    page = client.get(reverse("admin:news_delivery_changelist")).content.decode()
    assert article.title in page and "成功" in page


def test_an_imported_archive_article_is_recorded_but_not_pushed(baidu):
    old = make_article(when=timedelta(days=-30))
    fresh = make_article()
    worker.run(batch=True)
    assert PublicationEvent.objects.filter(article=old, kind="published").exists()
    assert pushed_urls(baidu) == [f"https://www.example.cn/news/{fresh.pk}.html"]
    # Edited later, the old article is an update like any other.
    old.title = "改过的标题"
    old.save()
    assert PublicationEvent.objects.filter(article=old, kind="updated").exists()


def test_run_worker_batch_runs_what_is_due(baidu):
    import io

    from django.core.management import call_command

    article = make_article()
    out = io.StringIO()
    call_command("run_worker", "--batch", "--nice", "0", stdout=out)
    assert "任务引擎：database" in out.getvalue()
    assert pushed_urls(baidu) == [f"https://www.example.cn/news/{article.pk}.html"]


def test_a_batch_in_which_another_writer_recorded_one_event_first_saves_the_others():
    first, second = make_article(), make_article()
    taken = PublicationEvent.objects.get(article=first)
    PublicationEvent.objects.filter(article=second).delete()
    clash = PublicationEvent(article=first, kind=taken.kind, occasion=taken.occasion, fingerprint="a", url="/a")
    new = PublicationEvent(article=second, kind="published", occasion="live-1", fingerprint="b", url="/b")

    assert events._save([clash, new]) == [new]
    assert list(PublicationEvent.objects.order_by("id").values_list("article", "fingerprint")) == [
        (first.pk, taken.fingerprint),
        (second.pk, "b"),
    ]


def test_a_bulk_write_records_one_event_per_article_in_one_statement():
    articles = [make_article() for _ in range(5)]
    PublicationEvent.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        articles_changed.send(sender=Article, ids=[article.pk for article in articles])
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "news_publicationevent"')]
    assert len(inserts) == 1
    assert sorted(PublicationEvent.objects.values_list("article", flat=True)) == sorted(a.pk for a in articles)
