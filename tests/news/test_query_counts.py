"""Queries per page: a fixed number, whatever the number of articles, and fewer once blocks are cached."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import DailyViews
from portal import caching
from portal.models import Promotion
from tests.factories import make_article, make_category, make_cover, make_source

pytestmark = pytest.mark.django_db

# Cold: empty cache (the first reader after a restart or a content change).
BUDGETS = {
    # page: (cold, warm). Cold pays once per content change for the frame (one
    # query each: settings, categories, promotions, footer pages; and two for
    # the next scheduled change, portal.caching) and the sidebar (the ranking:
    # two queries; the 推荐 lists: one); warm pays only for what is the page's
    # own; the reader's view is counted by the beacon, not by the page. The
    # article page reads the article with its tags in one query. The
    # 专题 that show the article (its back-links) and 相关阅读 (news/related.py)
    # cost one query each when the article fragment is rendered: once per
    # content change.
    "article": (13, 0),
    "home": (10, 0),
    # A list page's count, its page of ids, its tag or source and its rendered
    # rows are cached until an article changes (news.pagination): warm, no query.
    "category": (12, 0),
    "tag": (13, 0),
    "source": (13, 0),
    "footer page": (10, 1),
    "site map": (10, 0),
    # The feed reads its ids, then the articles whose entries are not cached
    # (news/feeds.py): the second query is skipped once they are.
    "feed": (5, 1),
}


READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def make_site(size):
    parks = make_category("园区动态", slug="parks")
    child = make_category("开发区", slug="devzone", parent=parks)
    source = make_source("滨江融媒", website="https://media.example.com/")
    Promotion.objects.create(title="推广", url="https://example.com/")
    articles = []
    for n in range(size):
        article = make_article(
            category=child if n % 2 else parks,
            source=source,
            is_recommended=n % 3 == 0,
            is_headline=n % 5 == 0,
            view_count=n,
            when=timedelta(minutes=-n - 1),
        )
        article.tags.add("园区", f"标签{n % 4}")
        if n % 3 == 0:
            make_cover(article)
        # Views this week: the sidebar's 点击排行 reads its ranking and its articles.
        DailyViews.objects.create(article=article, date=timezone.localdate(), views=n + 1)
        articles.append(article)
    return articles[size // 2]


def urls(article):
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "category": "/category/parks/",
        "tag": "/tag/园区/",
        "source": article.source.get_absolute_url(),
        "footer page": "/page/about.html",
        "site map": "/sitemap/",
        "feed": "/feed/rss/",
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def measure(client, article):
    counts = {}
    for page, url in urls(article).items():
        caching.clear()
        cold = count_queries(client, url)
        counts[page] = (cold, count_queries(client, url))
    return counts


@pytest.mark.parametrize("page", list(BUDGETS))
def test_queries_stay_within_budget(client, page, django_assert_max_num_queries):
    url = urls(make_site(12))[page]
    cold, warm = BUDGETS[page]
    # Pages count no views (the beacon does): test_a_readers_page_view_adds_no_statement.
    with django_assert_max_num_queries(cold):
        client.get(url)
    with django_assert_max_num_queries(warm):
        client.get(url)


def test_a_readers_page_view_adds_no_statement(client, django_assert_num_queries):
    """Counting is the beacon's business (news/counters.py): the page is the same for every reader."""
    url = make_site(6).get_absolute_url()
    client.get(url, HTTP_USER_AGENT=READER)
    with django_assert_num_queries(BUDGETS["article"][1]):
        response = client.get(url, HTTP_USER_AGENT=READER)
    assert "data-view-beacon" in response.content.decode()


def test_query_count_does_not_grow_with_the_number_of_articles(client):
    small = measure(client, make_site(6))
    for n in range(40):
        fields = {"category": make_category()} if n % 2 else {}
        article = make_article(is_recommended=True, view_count=n, **fields)
        article.tags.add("园区", f"更多{n}")
        make_cover(article)
    assert measure(client, article_with_source()) == small


def article_with_source():
    from news.models import Article

    return Article.objects.published().filter(source__isnull=False).first()
