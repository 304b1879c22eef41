"""Deleting a live article tells IndexNow and the front cache once; drafts and withdrawn articles tell nobody."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from news.models import Article, ArticleEvent, Delivery, PublicationEvent
from news.publishing import events, worker
from news.workflow import machine
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stand_in(indexnow, publishing):
    """IndexNow and the purge endpoint, both on one local server."""
    publishing.PURGE_ENDPOINT = indexnow.url + "/purge"
    return indexnow


def told_indexnow(server):
    return [json.loads(body)["urlList"] for method, path, body in server.requests if path == "/indexnow"]


def purged(server):
    return [path for method, path, body in server.requests if method == "PURGE"]


def test_deleting_a_live_article_in_the_admin_pushes_its_url_once(stand_in, client):
    article = make_article()
    url, path = "https://www.example.cn" + article.get_absolute_url(), article.get_absolute_url()
    worker.run(batch=True)
    stand_in.requests.clear()

    delete_url = reverse("admin:news_article_delete", args=[article.pk])
    client.force_login(make_user(group="编辑"))
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.force_login(make_user(group="主编"))
    # The confirmation page names what goes with the article and asks for no other permission.
    page = client.get(delete_url).content.decode()
    assert "发布事件" in page and 'name="post"' in page
    response = client.post(delete_url, {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()
    worker.run(batch=True)
    worker.run(batch=True)  # a second worker pass finds nothing left to do

    assert told_indexnow(stand_in) == [[url]]
    assert sorted(purged(stand_in)) == sorted([f"/purge{path}", "/purge/"])
    event = PublicationEvent.objects.get(kind="deleted")
    assert (event.article_id, event.url) == (None, url)
    assert set(event.deliveries.values_list("effect", "status")) == {("indexnow", "done"), ("purge", "done")}
    response = client.get(reverse("admin:news_delivery_changelist"), {"event__kind": "deleted"})
    assert response.status_code == 200
    page = response.content.decode()
    assert url in page and "删除" in page


def test_a_bulk_delete_pushes_only_the_articles_readers_could_see(stand_in, client):
    live = [make_article(), make_article()]
    draft = make_article(published=False)
    withdrawn = make_article()
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()
    worker.run(batch=True)
    stand_in.requests.clear()

    client.force_login(make_user(group="主编"))
    everything = [article.pk for article in [*live, draft, withdrawn]]
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "delete_selected", "_selected_action": everything, "post": "yes"},
    )
    assert response.status_code == 302 and not Article.objects.exists()
    worker.run(batch=True)

    told = sorted(urls[0] for urls in told_indexnow(stand_in))
    assert told == sorted("https://www.example.cn" + article.get_absolute_url() for article in live)
    assert PublicationEvent.objects.filter(kind="deleted").count() == 2


def test_two_deleters_record_one_event(stand_in):
    article = make_article()
    worker.run(batch=True)
    stand_in.requests.clear()
    # Both see the article live before either deletes it: the second insert is turned away.
    assert events.record_deletion(article) is not None
    assert events.record_deletion(article) is None
    article.delete()
    worker.run(batch=True)
    assert len(told_indexnow(stand_in)) == 1
    assert Delivery.objects.filter(event__kind="deleted", effect="indexnow").count() == 1


def test_a_deletion_that_rolls_back_tells_nobody(stand_in):
    article = make_article()
    worker.run(batch=True)
    stand_in.requests.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.get(pk=article.pk).delete()
        raise RuntimeError
    worker.run(batch=True)
    assert Article.objects.filter(pk=article.pk).exists()
    assert stand_in.requests == [] and not PublicationEvent.objects.filter(kind="deleted").exists()


def test_the_audit_trail_outlives_a_deleted_article_and_names_who_deleted_it(stand_in, client):
    article = make_article("将被删除的稿件")
    machine.record(article, "import", comment="从 a.jsonl 导入")
    chief = make_user(group="主编")
    client.force_login(chief)
    client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})

    kept = list(ArticleEvent.objects.order_by("id").values_list("article_id", "action", "user"))
    assert kept == [(None, "import", None), (None, "delete", chief.pk)]
    # (This test's flush drops migration 0011's grant of the audit list to 主编: a superuser reads it.)
    client.force_login(make_user(superuser=True))
    page = client.get(reverse("admin:news_articleevent_changelist"), {"action": "delete"}).content.decode()
    assert "删除文章“将被删除的稿件”" in page and "删除前为已发布" in page and "（已删除）" in page
