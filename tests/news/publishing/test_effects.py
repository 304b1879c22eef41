"""Each side effect against a local stand-in: success, quota, refusal, 5xx retried then failed."""

import json

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from news.models import Delivery, PushQuota
from news.publishing import worker
from tests.factories import make_article, make_cover, make_user

from .stand_ins import StandIn

pytestmark = pytest.mark.django_db(transaction=True)

OVER_QUOTA = (400, {"error": 400, "message": "over quota"})


def test_baidu_quota_exhausted_is_shown_and_nothing_more_is_sent_today(baidu, client):
    baidu.answer(OVER_QUOTA)
    first = make_article()
    worker.run(batch=True)
    second = make_article()
    worker.run(batch=True)
    assert len(baidu.requests) == 1
    assert list(Delivery.objects.order_by("id").values_list("status", flat=True)) == ["quota", "quota"]
    assert PushQuota.objects.get(engine="baidu").exhausted

    client.force_login(make_user(superuser=True))
    page = client.get(reverse("admin:news_delivery_changelist")).content.decode()
    assert "配额用尽" in page and "百度：今日配额已用尽" in page and "今日推送配额已用尽，未发送" in page
    assert first.title in page and second.title in page
    page = client.get(reverse("admin:news_pushquota_changelist")).content.decode()
    assert "baidu" in page


def test_baidu_counts_the_quota_it_answers(baidu):
    baidu.answer((200, {"remain": 0, "success": 1}))
    make_article()
    worker.run(batch=True)
    make_article()
    worker.run(batch=True)
    quota = PushQuota.objects.get(engine="baidu")
    assert (quota.pushed, quota.remaining, quota.exhausted) == (1, 0, True)
    assert len(baidu.requests) == 1


def test_baidu_refusing_a_foreign_site_is_not_retried(baidu):
    baidu.answer((200, {"remain": 10, "success": 0, "not_same_site": ["https://elsewhere.cn/x"]}))
    make_article()
    worker.run(batch=True)
    delivery = Delivery.objects.get()
    assert delivery.status == "refused" and "not_same_site" in delivery.answer
    assert len(baidu.requests) == 1


def test_a_5xx_is_retried_then_shown_as_failed_and_can_be_retried_from_the_admin(baidu, client):
    baidu.answer((503, "busy"))
    article = make_article()
    worker.run(batch=True)
    assert len(baidu.requests) == 3  # PUBLISHING_RETRIES
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 3
    assert "HTTP 503" in delivery.answer and "已尝试 3 次" in delivery.answer
    failed = DBTaskResult.objects.get(status="FAILED")
    assert "DeliveryFailed" in failed.traceback

    client.force_login(make_user(superuser=True))
    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).content.decode()
    assert "DeliveryFailed: baidu: HTTP 503" in page
    page = client.get(reverse("admin:news_delivery_changelist"), {"status": "failed"}).content.decode()
    assert article.title in page and "失败" in page

    baidu.answer((200, {"remain": 5, "success": 1}))
    response = client.post(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        {"action": "retry", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    worker.run(batch=True)
    delivery.refresh_from_db()
    assert delivery.status == "done" and delivery.answer == "百度已接收 1 条，今日剩余 5"
    assert len(baidu.requests) == 4


def test_an_unreachable_endpoint_is_retried_like_a_5xx(baidu, publishing):
    publishing.BAIDU_PUSH_ENDPOINT = "http://127.0.0.1:9/urls"  # discard port: nothing listens
    make_article()
    worker.run(batch=True)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "无法连接" in delivery.answer


def test_an_editor_cannot_retry_but_a_chief_editor_can(baidu, client):
    baidu.answer((503, "busy"))
    make_article()
    worker.run(batch=True)
    delivery = Delivery.objects.get()
    changelist = reverse("admin:news_delivery_changelist")
    client.force_login(make_user(group="编辑"))
    client.post(changelist, {"action": "retry", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    client.force_login(make_user(group="主编"))
    client.post(changelist, {"action": "retry", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_indexnow_gets_the_url_and_the_key_file_is_served(publishing, client):
    with StandIn((202, "")) as indexnow:
        publishing.INDEXNOW_KEY = "a1b2c3d4e5f6a7b8"
        publishing.INDEXNOW_ENDPOINT = indexnow.url + "/indexnow"
        article = make_article()
        worker.run(batch=True)
        method, path, body = indexnow.requests[0]
        assert (method, path) == ("POST", "/indexnow")
        assert json.loads(body) == {
            "host": "www.example.cn",
            "key": "a1b2c3d4e5f6a7b8",
            "keyLocation": "https://www.example.cn/a1b2c3d4e5f6a7b8.txt",
            "urlList": [f"https://www.example.cn/news/{article.pk}.html"],
        }
        assert Delivery.objects.get().answer == "IndexNow HTTP 202"

    response = client.get("/a1b2c3d4e5f6a7b8.txt")
    assert response.status_code == 200 and response.content == b"a1b2c3d4e5f6a7b8"
    assert response["Content-Type"].startswith("text/plain")
    assert client.get("/0000000000000000.txt").status_code == 404
    publishing.INDEXNOW_KEY = ""
    assert client.get("/a1b2c3d4e5f6a7b8.txt").status_code == 404


def test_indexnow_is_told_of_a_withdrawal_too(publishing):
    with StandIn((200, "")) as indexnow:
        publishing.INDEXNOW_KEY = "a1b2c3d4e5f6a7b8"
        publishing.INDEXNOW_ENDPOINT = indexnow.url + "/indexnow"
        article = make_article()
        article.status = "draft"
        article.save()
        worker.run(batch=True)
        assert len(indexnow.requests) == 2


def test_sitemap_ping_names_the_sitemap(publishing):
    with StandIn((200, "ok")) as engine:
        publishing.SITEMAP_PING_URLS = [engine.url + "/ping"]
        make_article()
        worker.run(batch=True)
        assert engine.requests[0][1] == "/ping?sitemap=https%3A%2F%2Fwww.example.cn%2Fsitemap.xml"


def test_cover_thumbnails_are_made_by_the_worker(publishing):
    from django.core.files.storage import default_storage

    from news.thumbnails import thumbnail_name

    publishing.PUBLISHING_THUMBNAILS = True
    article = make_article(published=False)
    # A colour of its own: covers are stored by content hash, so another test's cover would share thumbnails.
    make_cover(article, color=(17, 171, 99), size=(812, 507))
    article.status = "published"
    article.save()
    assert not default_storage.exists(thumbnail_name(article.cover.name, "focus"))
    worker.run(batch=True)
    delivery = Delivery.objects.get(effect="thumbnails")
    assert delivery.status == "done" and "focus" in delivery.answer
    assert default_storage.exists(thumbnail_name(article.cover.name, "focus"))


def test_a_switched_off_effect_queues_nothing(publishing):
    make_article()
    worker.run(batch=True)
    assert not Delivery.objects.exists()
