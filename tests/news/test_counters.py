"""The view counter's rules, seen through the article page and its beacon as a browser uses them.

With REDIS_URL set (the CI's PostgreSQL run) the hits go through the Redis
buffer and the client keys live in Redis; without it, the database and this
process's memory.
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
    """The beacon as the page's script (POST) or <noscript> image (GET) sends it: from our own page."""
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    headers.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")
    headers = {name: value for name, value in headers.items() if value is not None}
    return getattr(client, method)(reverse("news:article-views", kwargs={"pk": article.pk}), **headers)


def stored_views(article):
    """What the database holds once buffered hits (if any) are written."""
    viewbuffer.flush()
    today = DailyViews.objects.filter(article=article, date=timezone.localdate()).first()
    return Article.objects.get(pk=article.pk).view_count, today.views if today else 0


def test_a_reader_view_counts_once_and_answers_the_count(client):
    article = make_article(view_count=41)
    response = beacon(client, article)
    assert response.status_code == 200
    assert response.json() == {"views": 42, "counted": True}
    assert "no-store" in response["Cache-Control"]
    assert stored_views(article) == (42, 1)


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


# Same origin only: another site's page can embed the image or post the form, and gets the count.


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "none"},  # typed into the address bar
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "https://pump.example"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_REFERER": "https://pump.example/news/1.html"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_REFERER": "http://testserver.pump.example/"},
        {"HTTP_SEC_FETCH_SITE": None},  # a script that says nothing
    ],
)
@pytest.mark.parametrize("method", ["post", "get"])
def test_a_beacon_not_sent_from_our_own_page_counts_nothing(client, headers, method):
    article = make_article(view_count=5)
    response = beacon(client, article, method=method, **headers)
    assert response.status_code == 200
    if method == "post":
        assert response.json() == {"views": 5, "counted": False}
    assert RECENT_COOKIE not in response.cookies
    assert stored_views(article) == (5, 0)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_REFERER": "http://testserver/news/1.html"},
    ],
)
def test_an_older_browser_without_sec_fetch_site_counts_by_origin_or_referer(client, headers):
    article = make_article()
    assert beacon(client, article, **headers).json() == {"views": 1, "counted": True}


# Repeats: the cookie, and the server's key for a client that drops it.


def test_a_repeat_view_within_the_window_is_not_counted_again(client):
    article, other = make_article(), make_article()
    assert beacon(client, article).json() == {"views": 1, "counted": True}
    assert beacon(client, article).json() == {"views": 1, "counted": False}
    assert beacon(client, article, method="get").status_code == 200
    # Another article is another view; another browser counts too.
    assert beacon(client, other).json()["counted"] is True
    assert beacon(Client(), article, HTTP_USER_AGENT=BROWSER + " Edg/131.0").json() == {"views": 2, "counted": True}
    assert stored_views(article) == (2, 2)
    assert stored_views(other) == (1, 1)


def test_a_client_without_cookies_counts_once_per_article_per_window(settings):
    settings.VIEW_REPEAT_WINDOW = 1
    article, other = make_article(), make_article()
    # Each request from a fresh client: no cookie comes back, the address and browser are the same.
    answers = [beacon(Client(), article).json()["counted"] for _ in range(5)]
    assert answers == [True, False, False, False, False]
    assert beacon(Client(), other).json()["counted"] is True
    # Another address is another reader.
    assert beacon(Client(REMOTE_ADDR="192.0.2.7"), article).json() == {"views": 2, "counted": True}
    time.sleep(1.5)  # the window has passed
    assert beacon(Client(), article).json() == {"views": 3, "counted": True}
    assert stored_views(article) == (3, 3)


def test_the_repeat_cookie_holds_no_personal_data(client, settings):
    article = make_article()
    response = beacon(client, article)
    cookie = response.cookies[RECENT_COOKIE]
    assert cookie["path"] == "/"
    assert cookie["httponly"]
    assert cookie["max-age"] == settings.VIEW_REPEAT_WINDOW
    assert cookie.value.startswith(f"{article.pk}:")
    assert "127.0.0.1" not in cookie.value and "Mozilla" not in cookie.value


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


# The ceiling across articles.


def test_one_client_counts_at_most_the_ceiling_per_minute(settings):
    settings.VIEW_CLIENT_LIMIT = 3
    articles = [make_article() for _ in range(5)]
    answers = [beacon(Client(), article).json()["counted"] for article in articles]
    assert answers == [True, True, True, False, False]
    # Another reader is not held back by this one.
    assert beacon(Client(REMOTE_ADDR="192.0.2.8"), articles[4]).json() == {"views": 1, "counted": True}
    assert [stored_views(article)[0] for article in articles] == [1, 1, 1, 0, 1]


def test_behind_trusted_proxies_the_forwarded_address_is_the_client(settings):
    settings.VIEW_CLIENT_LIMIT = 1
    first, second = make_article(), make_article()
    assert beacon(Client(), first, HTTP_X_FORWARDED_FOR="198.51.100.1").json()["counted"] is True
    # Without TRUSTED_PROXY_COUNT the header is the client's own word: the same client.
    assert beacon(Client(), second, HTTP_X_FORWARDED_FOR="198.51.100.2").json()["counted"] is False
    settings.TRUSTED_PROXY_COUNT = 1
    assert beacon(Client(), second, HTTP_X_FORWARDED_FOR="198.51.100.3").json()["counted"] is True
    assert beacon(Client(), first, HTTP_X_FORWARDED_FOR="198.51.100.3").json()["counted"] is False
    # Entries a client put in front of the proxy's are not believed: such requests are
    # taken for the proxy's own address (127.0.0.1, here past its ceiling), all of them one client.
    for forged in ("198.51.100.9, 198.51.100.4", "198.51.100.8, 198.51.100.5"):
        assert beacon(Client(), first, HTTP_X_FORWARDED_FOR=forged).json()["counted"] is False


# Stores.


def test_with_redis_unreachable_the_database_counts_and_the_limits_hold(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.VIEW_CLIENT_LIMIT = 2
    article, other, third = make_article(view_count=9), make_article(), make_article()
    assert beacon(client, article).json() == {"views": 10, "counted": True}
    assert beacon(Client(), article).json() == {"views": 10, "counted": False}
    assert beacon(Client(), other).json()["counted"] is True
    assert beacon(Client(), third).json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 10
    assert DailyViews.objects.get(article=article).views == 1


def test_counting_does_not_signal_article_changes(client):
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


def test_only_a_counted_view_adds_to_the_days_views(settings):
    article = make_article()
    for address in ("192.0.2.1", "192.0.2.2"):
        beacon(Client(REMOTE_ADDR=address), article)
    # Any other change of the count (an import, a correction) is not a view of today.
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 5)
    assert stored_views(article) == (7, 2)


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_from_many_threads_are_all_counted(settings):
    settings.VIEW_REPEAT_WINDOW = 0
    settings.VIEW_CLIENT_LIMIT = 0
    article = make_article()
    threads, per_thread, answers = 8, 25, []

    def reader():
        client = Client()
        for _ in range(per_thread):
            response = beacon(client, article)
            answers.append(response.json()["views"] if response.json()["counted"] else None)

    assert run_in_threads(reader, threads) == []
    total = threads * per_thread
    assert stored_views(article) == (total, total)
    # Without Redis each answer is the count its own increment made.
    if not viewbuffer.enabled():
        assert sorted(answers) == list(range(1, total + 1))


# The page: one shareable copy for everyone, its number brought up to date by the beacon.


def shown(response):
    """The count a page shows, and whether it carries the beacon."""
    soup = BeautifulSoup(response.content, "html.parser")
    count = soup.select_one("main .view-count")
    return int(count.get_text()), count.has_attr("data-view-beacon")


def test_the_article_page_counts_nothing_and_is_shareable(client, settings):
    settings.PAGE_CACHE = True
    article = make_article(view_count=7)
    for _ in range(2):
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
        assert shown(response) == (7, True)
        assert "public" in response["Cache-Control"]
        assert RECENT_COOKIE not in response.cookies
    assert stored_views(article) == (7, 0)
    # Its script's beacon counts the view and answers the number to show.
    assert beacon(client, article).json() == {"views": 8, "counted": True}


def test_the_include_renders_a_script_beacon_and_a_noscript_image():
    article = make_article()
    html = render_to_string("news/includes/view_count.html", {"article": article})
    url = reverse("news:article-views", kwargs={"pk": article.pk})
    assert f'data-view-beacon="{url}"' in html
    assert f'<noscript><img class="view-beacon" src="{url}"' in html
    assert 'src="/static/js/view-counter.js" defer' in html
    assert "style=" not in html and "<!--" not in html
    assert html.count("<script") == 1 and "<script src=" in html


def test_the_include_has_no_beacon_for_a_preview():
    article = make_article(published=False)
    html = render_to_string("news/includes/view_count.html", {"article": article})
    assert "data-view-beacon" not in html and "<script" not in html and "<noscript" not in html
