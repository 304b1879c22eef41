"""With the cache backend failing on every call, the site answers as it would without a cache."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from news.models import Article
from portal.models import FooterPage
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


@pytest.fixture(autouse=True)
def dead_cache(settings):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache_backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/9",  # nothing listens on port 1
        }
    }
    assert cache.get("anything") is None  # the backend now fails, quietly


def test_reader_pages_render_uncached(client):
    category = make_category("园区动态", slug="parks")
    article = make_article("停电也能看的文章", category=category)
    FooterPage.objects.create(title="联系我们", slug="contact-us", body="<p>电话：010-00000000</p>")
    pages = {
        "/": "停电也能看的文章",
        article.get_absolute_url(): "停电也能看的文章",
        "/category/parks/": "停电也能看的文章",
        "/search/?q=停电": "停电",
        "/page/contact-us.html": "010-00000000",
        "/feed/rss/": "停电也能看的文章",
        "/category/parks/feed/atom/": "停电也能看的文章",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
        # ... rendered again each time: nothing was stored.
        assert client.get(url)["X-Page-Cache"] != "hit", url


def test_not_found_is_the_sites_404(client):
    response = client.get("/news/999999.html")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_view_is_counted_in_the_database(client):
    article = make_article()
    response = client.post(
        reverse("news:article-views", args=[article.pk]),
        HTTP_USER_AGENT=BROWSER,
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).view_count == article.view_count + 1


def test_staff_can_log_in(client, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.com", "a-long-password")
    assert client.get(reverse("admin:login")).status_code == 200
    response = client.post(reverse("admin:login"), {"username": "chief", "password": "a-long-password"})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_outage_is_logged_once_not_once_a_call(client, caplog):
    article = make_article()
    with caplog.at_level(logging.ERROR, logger="portal.cache_backends"):
        for _ in range(3):
            client.get(article.get_absolute_url())
    assert len([record for record in caplog.records if "unavailable" in record.getMessage()]) <= 1
