"""The view counter's rules, seen through the article page and its beacon as a browser uses them.

And its exactness under concurrency.
"""

import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db.models import F
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news import viewbuffer
from news.counters import RECENT_COOKIE
from news.models import Article, DailyViews
from news.signals import articles_changed
from portal.caching import versions
from tests.factories import make_article
from tests.threads import run_in_threads

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def beacon(client, article, method="post", **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return getattr(client, method)(reverse("news:article-views", kwargs={"pk": article.pk}), **headers)


def stored_views(article):
    """What the database holds once buffered hits (if any) are written."""
    viewbuffer.flush()
    today = DailyViews.objects.filter(article=article, date=timezone.localdate()).first()
    return Article.objects.get(pk=article.pk).view_count, today.views if today else 0


def test_a_reader_view_counts_once_and_answers_the_count(client):
    article = make_article()
    response = beacon(client, article)
    assert response.status_code == 200
    assert response.json() == {"views": 1, "counted": True}
    assert "no-store" in response["Cache-Control"]
    assert stored_views(article) == (1, 1)


def test_noscript_image_beacon_counts_and_returns_a_gif(client):
    article = make_article()
    response = beacon(client, article, method="get")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert stored_views(article) == (1, 1)


def test_head_does_not_count(client):
    article = make_article()
    assert beacon(client, article, method="head").status_code == 200
    assert stored_views(article) == (0, 0)


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
    ],
)
def test_prefetch_and_prerender_do_not_count(client, header):
    article = make_article()
    response = beacon(client, article, **header)
    assert response.json() == {"views": 0, "counted": False}
    assert stored_views(article) == (0, 0)


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_crawlers_and_bots_do_not_count(client, user_agent):
    article = make_article()
    response = beacon(client, article, HTTP_USER_AGENT=user_agent)
    assert response.json()["counted"] is False
    assert stored_views(article) == (0, 0)


def test_staff_views_do_not_count(client, editor):
    article = make_article()
    client.force_login(editor)
    assert beacon(client, article).json() == {"views": 0, "counted": False}
    assert stored_views(article) == (0, 0)


@pytest.mark.parametrize("kwargs", [{"published": False}, {"when": timedelta(hours=1)}])
def test_staff_preview_of_a_draft_or_scheduled_article_does_not_count(client, editor, kwargs):
    article = make_article(**kwargs)
    client.force_login(editor)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert beacon(client, article).status_code == 404
    assert stored_views(article) == (0, 0)


@pytest.mark.parametrize("kwargs", [{"published": False}, {"when": timedelta(hours=1)}])
def test_articles_readers_may_not_see_are_404_and_never_counted(client, kwargs):
    article = make_article(**kwargs)
    assert beacon(client, article).status_code == 404
    assert beacon(client, article, method="get").status_code == 404
    assert stored_views(article) == (0, 0)
    assert client.post("/views/999999/").status_code == 404


def test_a_repeat_view_within_the_window_is_not_counted_again(client):
    article, other = make_article(), make_article()
    assert beacon(client, article).json() == {"views": 1, "counted": True}
    assert beacon(client, article).json() == {"views": 1, "counted": False}
    assert beacon(client, article, method="get").status_code == 200
    # Another article is another view; another browser counts too.
    assert beacon(client, other).json()["counted"] is True
    assert beacon(Client(), article).json() == {"views": 2, "counted": True}
    assert stored_views(article) == (2, 2)
    assert stored_views(other) == (1, 1)


def test_the_repeat_cookie_holds_no_personal_data(client, settings):
    article = make_article()
    response = beacon(client, article)
    cookie = response.cookies[RECENT_COOKIE]
    assert cookie["path"] == "/"
    assert cookie["httponly"]
    assert cookie["max-age"] == settings.VIEW_REPEAT_WINDOW
    assert cookie.value.startswith(f"{article.pk}:")


def test_a_view_counts_again_once_the_window_has_passed(client, monkeypatch):
    article = make_article()
    beacon(client, article)
    later = time.time() + 31 * 60
    monkeypatch.setattr("news.views.time.time", lambda: later)
    assert beacon(client, article).json() == {"views": 2, "counted": True}


def test_a_forged_cookie_is_ignored(client):
    article = make_article()
    client.cookies[RECENT_COOKIE] = f"{article.pk}:zzzzzz"
    assert beacon(client, article).json()["counted"] is True


def test_window_zero_counts_every_load(client, settings):
    settings.VIEW_REPEAT_WINDOW = 0
    article = make_article()
    for expected in (1, 2, 3):
        assert beacon(client, article).json() == {"views": expected, "counted": True}
    assert RECENT_COOKIE not in client.cookies
    assert stored_views(article) == (3, 3)


def test_counting_neither_empties_cached_blocks_nor_signals_article_changes(client):
    article = make_article()
    version = versions()
    changed = []

    def receiver(**kwargs):
        changed.append(kwargs)

    articles_changed.connect(receiver)
    try:
        beacon(client, article)
        stored_views(article)
    finally:
        articles_changed.disconnect(receiver)
    assert versions() == version
    assert changed == []


def test_the_include_renders_a_script_beacon_and_a_noscript_image():
    article = make_article()
    html = render_to_string("news/includes/view_count.html", {"article": article})
    url = reverse("news:article-views", kwargs={"pk": article.pk})
    assert f'data-view-beacon="{url}"' in html
    assert f'<noscript><img class="view-beacon" src="{url}"' in html
    assert 'src="/static/js/view-counter.js" defer' in html
    assert "style=" not in html
    assert html.count("<script") == 1 and "<script src=" in html


def test_the_include_has_no_beacon_for_a_preview():
    article = make_article(published=False)
    html = render_to_string("news/includes/view_count.html", {"article": article})
    assert "data-view-beacon" not in html and "<script" not in html and "<noscript" not in html


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_from_many_threads_are_all_counted(settings):
    settings.VIEW_REPEAT_WINDOW = 0
    article = make_article()
    threads, per_thread, answers = 8, 25, []

    def reader():
        client = Client()
        for _ in range(per_thread):
            response = beacon(client, article)
            answers.append(response.status_code == 200 and response.json()["counted"])

    errors = run_in_threads(reader, threads)
    assert errors == []
    assert answers.count(True) == threads * per_thread
    assert stored_views(article) == (threads * per_thread, threads * per_thread)


# Counting as the page is served (news/middleware.py): what a reader gets.


def page(client, article, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.get(article.get_absolute_url(), **headers)


def shown(response):
    """The count a page shows, and whether it still carries the beacon."""
    soup = BeautifulSoup(response.content, "html.parser")
    count = soup.select_one("main .view-count")
    return int(count.get_text()), count.has_attr("data-view-beacon")


@pytest.mark.parametrize("page_cache", [False, True])
def test_a_page_view_counts_as_the_page_is_served_and_shows_the_exact_count(client, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    article = make_article(view_count=41)
    response = page(client, article)
    assert shown(response) == (42, False)
    html = response.content.decode()
    assert "view-counter.js" not in html and "<noscript><img" not in html and "<!--view-count" not in html
    if response.has_header("Content-Length"):
        assert int(response["Content-Length"]) == len(response.content)
    # This copy is the reader's own: no shared cache may keep it, and a reload reaches us.
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert response.cookies[RECENT_COOKIE]["path"] == "/"
    assert stored_views(article) == (42, 1)


def test_page_cache_hits_are_counted_too(settings):
    settings.PAGE_CACHE = True
    article = make_article()
    first, second = page(Client(), article), page(Client(), article)
    assert second["X-Page-Cache"] == "hit"
    assert shown(first) == (1, False) and shown(second) == (2, False)
    assert stored_views(article) == (2, 2)


def test_the_repeat_window_spans_the_page_and_the_beacon(client):
    article = make_article()
    assert shown(page(client, article)) == (1, False)
    assert shown(page(client, article)) == (1, False)
    assert beacon(client, article).json() == {"views": 1, "counted": False}
    assert stored_views(article) == (1, 1)


def test_window_zero_counts_every_page_load(client, settings):
    settings.VIEW_REPEAT_WINDOW = 0
    article = make_article()
    assert [shown(page(client, article))[0] for _ in range(3)] == [1, 2, 3]


@pytest.mark.parametrize(
    "user_agent", ["", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"]
)
def test_a_crawler_gets_the_shared_page_and_is_not_counted(client, settings, user_agent):
    settings.PAGE_CACHE = True
    article = make_article(view_count=7)
    response = page(client, article, HTTP_USER_AGENT=user_agent)
    assert shown(response) == (7, True)
    assert "public" in response["Cache-Control"]
    assert RECENT_COOKIE not in response.cookies
    # Should it run the beacon, the beacon does not count it either.
    assert beacon(client, article, HTTP_USER_AGENT=user_agent).json() == {"views": 7, "counted": False}
    assert stored_views(article) == (7, 0)


def test_head_of_a_page_does_not_count(client):
    article = make_article()
    assert client.head(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert stored_views(article) == (0, 0)


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        # What deploy/nginx/page-cache.conf sends: the page is stored for many readers.
        {"HTTP_X_VIEW_COUNTER": "beacon"},
    ],
)
def test_a_prefetch_or_a_front_cache_gets_the_shareable_page_and_the_beacon_counts(client, settings, header):
    settings.PAGE_CACHE = True
    article = make_article()
    response = page(client, article, **header)
    assert shown(response) == (0, True)
    assert "public" in response["Cache-Control"] and response.has_header("ETag")
    assert RECENT_COOKIE not in response.cookies
    assert stored_views(article) == (0, 0)
    # Once shown (or served from the front cache), the page's beacon counts the view.
    assert beacon(client, article).json() == {"views": 1, "counted": True}


def test_a_page_seen_with_a_session_is_left_to_the_beacon(client, editor):
    article = make_article()
    client.force_login(editor)
    assert shown(page(client, article)) == (0, True)
    assert beacon(client, article).json() == {"views": 0, "counted": False}
    assert stored_views(article) == (0, 0)


def test_other_pages_and_previews_are_left_alone(client, editor):
    article = make_article()
    home = client.get("/", HTTP_USER_AGENT=BROWSER)
    assert RECENT_COOKIE not in home.cookies and "private" not in home.get("Cache-Control", "")
    draft = make_article(published=False)
    client.force_login(editor)
    assert "data-view-beacon" not in page(client, draft).content.decode()
    assert stored_views(article) == (0, 0) and stored_views(draft) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_page_views_from_many_threads_are_all_counted(settings):
    settings.VIEW_REPEAT_WINDOW = 0
    settings.PAGE_CACHE = True
    article = make_article()
    threads, per_thread, counts = 8, 10, []

    def reader():
        client = Client()
        for _ in range(per_thread):
            counts.append(shown(page(client, article))[0])

    assert run_in_threads(reader, threads) == []
    total = threads * per_thread
    assert stored_views(article) == (total, total)
    # Without Redis each page shows the count its own increment returned.
    if not viewbuffer.enabled():
        assert sorted(counts) == list(range(1, total + 1))


# Outside a test transaction too: on SQLite the day's row is added by a
# trigger of the view's UPDATE that each connection creates once.
@pytest.mark.parametrize("transactional", [False, pytest.param(True, marks=pytest.mark.django_db(transaction=True))])
def test_only_a_counted_view_adds_to_the_days_views(settings, transactional):
    settings.VIEW_REPEAT_WINDOW = 0
    article = make_article()
    for _ in range(2):
        page(Client(), article)
    # Any other change of the count (an import, a correction) is not a view of today.
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 5)
    assert stored_views(article) == (7, 2)


def test_an_article_body_cannot_forge_the_counters_markup(client):
    """Only our template marks the count: the sanitizer drops comments from bodies."""
    article = make_article(body="<p>正文</p><!--view-count:1--><span>假</span><!--/view-count-->")
    assert "<!--" not in Article.objects.get(pk=article.pk).body
    assert shown(page(client, article)) == (1, False)
