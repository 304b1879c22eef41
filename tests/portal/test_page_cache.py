"""The page cache: anonymous readers get cached pages that are never stale."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from portal.caching import versions
from portal.models import SiteSettings
from tests.factories import make_article
from tests.news.test_admin import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_MAX_AGE = 10


def title_of(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


def test_second_anonymous_request_is_served_from_the_cache(client):
    article = make_article("园区新闻")
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert title_of(second) == "园区新闻"
    assert second["Cache-Control"] == "public, max-age=10"


def test_cached_page_runs_no_sql(client, django_assert_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_edit_in_the_admin_shows_at_once(client, chief_editor):
    article = make_article("旧标题")
    assert title_of(client.get(article.get_absolute_url())) == "旧标题"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    staff = Client()
    staff.force_login(chief_editor)
    form = article_form(
        article.category,
        title="新标题",
        status="published",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        based_on=article.edit_version,
    )
    response = staff.post(reverse("admin:news_article_change", args=[article.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    fresh = client.get(article.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert title_of(fresh) == "新标题"


def test_unpublishing_removes_the_page_at_once(client):
    article = make_article()
    client.get(article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_home_list_drops_an_unpublished_article_at_once(client):
    article = make_article("即将撤下的文章")
    assert "即将撤下的文章" in client.get("/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert "即将撤下的文章" not in client.get("/").content.decode()


def test_changing_site_settings_shows_at_once(client):
    article = make_article()
    client.get(article.get_absolute_url())
    site = SiteSettings.load()
    site.slogan = "新的页头标语"
    site.save()
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    assert page.select_one(".slogan").get_text() == "新的页头标语"


def test_scheduled_article_appears_at_its_time_without_any_command(client):
    make_article("已经发布的文章")
    scheduled = make_article("定时发布的文章", when=timedelta(seconds=2))
    home = client.get("/")
    assert "定时发布的文章" not in home.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    time.sleep(max(0, (scheduled.published_at - timezone.now()).total_seconds()) + 0.1)
    home = client.get("/")
    assert home["X-Page-Cache"] == "miss"
    assert "定时发布的文章" in home.content.decode()
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_staff_bypass_the_cache_and_are_not_cached(client, editor):
    draft = make_article("还在修改的草稿", published=False)
    published = make_article("公开的文章")
    staff = Client()
    staff.force_login(editor)

    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "预览" in preview.content.decode()
    assert preview["X-Page-Cache"] == "bypass"
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]

    staff_view = staff.get(published.get_absolute_url())
    assert staff_view["X-Page-Cache"] == "bypass"
    # What staff saw was not stored for readers, and readers' pages are not served to staff.
    assert client.get(published.get_absolute_url())["X-Page-Cache"] == "miss"
    assert staff.get(published.get_absolute_url())["X-Page-Cache"] == "bypass"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_responses_that_set_cookies_are_not_cached():
    # The admin login form sets the CSRF cookie: each new reader must get a cookie of their own.
    first, second = Client().get(reverse("admin:login")), Client().get(reverse("admin:login"))
    assert django_settings.CSRF_COOKIE_NAME in first.cookies
    assert django_settings.CSRF_COOKIE_NAME in second.cookies
    assert second["X-Page-Cache"] == "bypass"


def test_post_is_never_cached(client):
    article = make_article()
    client.get(article.get_absolute_url())
    assert client.post(article.get_absolute_url()).status_code == 405
    assert client.post(article.get_absolute_url())["X-Page-Cache"] == "bypass"


def test_not_found_is_not_cached(client):
    client.get("/news/999999.html")
    assert client.get("/news/999999.html")["X-Page-Cache"] == "bypass"


def test_conditional_request_gets_304(client):
    article = make_article()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    article.title = "改过的标题"
    article.save()
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_switched_off_nothing_is_cached(client, settings):
    settings.PAGE_CACHE = False
    article = make_article()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Cache-Control" not in response


def test_bump_inside_a_transaction_bumps_again_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_article()
    before = versions()
    for callback in callbacks:
        callback()
    assert versions() != before


def database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def test_a_change_in_one_worker_process_reaches_the_others(tmp_path):
    """Without Redis the production cache is files under VAR_DIR: every worker process sees a bump."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        **{name: os.environ[name] for name in ("REDIS_URL", "CACHE_KEY_PREFIX") if name in os.environ},
    }

    def run(code):
        code = f"import django; django.setup(); from portal import caching; {code}"
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=django_settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()

    before = run("print(caching.versions('site'))")
    assert run("print(caching.versions('site'))") == before
    run("caching.bump('site')")
    assert run("print(caching.versions('site'))") != before


def test_a_promotion_starting_later_limits_the_cache(client):
    from portal.models import Promotion

    article = make_article()
    Promotion.objects.create(
        title="稍后上线的推广", url="https://example.com/", starts_at=timezone.now() + timedelta(seconds=2)
    )
    Promotion.objects.create(title="长期推广", url="https://example.com/", ends_at=timezone.now() + timedelta(days=3))
    response = client.get(article.get_absolute_url())
    assert "稍后上线的推广" not in response.content.decode()
    time.sleep(2.1)
    assert "稍后上线的推广" in client.get(article.get_absolute_url()).content.decode()


def test_junk_query_strings_do_not_flood_the_cache(client):
    from django.core.cache import cache

    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    cache_size = len(cache._cache) if hasattr(cache, "_cache") and isinstance(cache._cache, dict) else None
    for n in range(500):
        response = client.get(f"{url}?utm_source=feed{n}&x={n}")
        assert response.status_code == 200
        # Served from the page the clean URL stored.
        assert response["X-Page-Cache"] == "hit"
    if cache_size is not None:
        assert len(cache._cache) <= cache_size + 5


def test_a_parameter_pages_read_is_part_of_the_key(client):
    assert client.get("/search/?q=量子")["X-Page-Cache"] == "miss"
    second = client.get("/search/?q=火星")
    assert second["X-Page-Cache"] == "miss"
    assert 'value="火星"' in second.content.decode()
    assert client.get("/search/?q=量子&utm_source=x")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=%20量子%20")["X-Page-Cache"] == "hit"


def test_a_page_rendered_with_junk_parameters_is_not_stored(client):
    article = make_article()
    response = client.get(f"{article.get_absolute_url()}?from=timeline")
    assert response["X-Page-Cache"] == "bypass"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": f"{django_settings.SESSION_COOKIE_NAME}=not-a-session"},
        {"HTTP_COOKIE": f"{django_settings.SESSION_COOKIE_NAME}={'a' * 32}"},
        {"HTTP_COOKIE": f"{django_settings.CSRF_COOKIE_NAME}=%%%malformed"},
        {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
    ],
    ids=["junk session", "unknown session", "malformed csrftoken", "authorization"],
)
def test_junk_credentials_still_get_the_cached_page(client, headers):
    article = make_article()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    response = Client(**headers).get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_a_malformed_csrf_cookie_does_not_keep_a_page_out_of_the_cache():
    article = make_article()
    first = Client(HTTP_COOKIE=f"{django_settings.CSRF_COOKIE_NAME}=%%%malformed").get(article.get_absolute_url())
    assert first.status_code == 200
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
