"""点击排行: rolling windows in Shanghai days, published articles only, cached; the /rank/ page and the admin."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from news import viewbuffer
from news.counters import record_view
from news.models import Article, DailyViews
from news.rankings import compute_top_articles, top_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 10)


def hits(article, count, *moment):
    """`count` counted views at a moment given in UTC."""
    for _ in range(count):
        record_view(article.pk, now=datetime(*moment, tzinfo=UTC))


def titles(articles):
    return [(article.title, article.period_views) for article in articles]


@pytest.fixture
def readings():
    """Views placed around Shanghai midnights (UTC+8) so that each window orders differently."""
    a, b, c, d = (make_article(title) for title in ("甲", "乙", "丙", "丁"))
    hits(a, 5, 2024, 3, 9, 16, 10)  # 10 March 00:10 in Shanghai: today
    hits(b, 3, 2024, 3, 9, 15, 50)  # 9 March 23:50 in Shanghai: yesterday, though the same UTC day
    hits(b, 4, 2024, 3, 4, 4, 0)  # 4 March: the first day of the 7-day window
    hits(c, 2, 2024, 3, 3, 15, 59)  # 3 March 23:59: one day before the week
    hits(c, 18, 2024, 2, 10, 0, 0)  # 10 February 08:00: the first day of the 30-day window
    hits(d, 30, 2024, 2, 9, 15, 59)  # 9 February 23:59: one day before the month
    viewbuffer.flush()
    return a, b, c, d


def test_each_window_orders_by_views_in_shanghai_days(readings):
    assert titles(compute_top_articles("day", today=TODAY)) == [("甲", 5)]
    assert titles(compute_top_articles("week", today=TODAY)) == [("乙", 7), ("甲", 5)]
    assert titles(compute_top_articles("month", today=TODAY)) == [("丙", 20), ("乙", 7), ("甲", 5)]
    assert titles(compute_top_articles("all", today=TODAY)) == [("丁", 30), ("丙", 20), ("乙", 7), ("甲", 5)]


def test_the_window_moves_with_the_day(readings):
    assert titles(compute_top_articles("day", today=date(2024, 3, 9))) == [("乙", 3)]
    assert titles(compute_top_articles("week", today=date(2024, 3, 11))) == [("甲", 5), ("乙", 3)]


def test_limit_and_ties(readings):
    a, b, c, d = readings
    assert [a.title for a in compute_top_articles("all", limit=2, today=TODAY)] == ["丁", "丙"]
    tie = make_article("戊")
    hits(tie, 5, 2024, 3, 10, 1, 0)
    viewbuffer.flush()
    # Equal views: the older article (lower id) first, the same every time.
    assert titles(compute_top_articles("day", today=TODAY)) == [("甲", 5), ("戊", 5)]
    d.view_count = 20
    d.save()
    assert titles(compute_top_articles("all", limit=2, today=TODAY)) == [("丙", 20), ("丁", 20)]


def test_only_published_articles_rank(readings):
    a, b, c, d = readings
    Article.objects.filter(pk=d.pk).update(status=Article.Status.DRAFT)
    c.published_at = datetime(2099, 1, 1, tzinfo=UTC)
    c.save()
    assert titles(compute_top_articles("all", today=TODAY)) == [("乙", 7), ("甲", 5)]
    assert titles(compute_top_articles("month", today=TODAY)) == [("乙", 7), ("甲", 5)]


def test_rankings_are_cached_until_content_changes(readings):
    a, b, c, d = readings
    assert titles(top_articles("day", today=TODAY)) == [("甲", 5)]
    hits(b, 9, 2024, 3, 10, 2, 0)
    viewbuffer.flush()
    # New views show after RANKING_CACHE_SECONDS; they do not empty the cache.
    assert titles(top_articles("day", today=TODAY)) == [("甲", 5)]
    a.title = "甲（更新）"
    a.save()
    assert titles(top_articles("day", today=TODAY)) == [("乙", 9), ("甲（更新）", 5)]


def test_an_unknown_period_is_a_clear_error():
    with pytest.raises(ValueError, match="day, week, month, all"):
        top_articles("year")


def rank_sections(html):
    """Each ranking on the page as a reader sees it: its heading and the titles of its ordered list."""
    sections = re.findall(r'<section [^>]*id="rank-\w+"[^>]*>\s*<h2[^>]*>(.*?)</h2>(.*?)</section>', html, re.S)
    return [(heading, re.findall(r"<li><a [^>]*>(.*?)</a>", body)) for heading, body in sections]


def test_rank_page_shows_all_four_windows(client):
    article = make_article("今日热读")
    hits_now = 3
    for _ in range(hits_now):
        record_view(article.pk)
    viewbuffer.flush()
    response = client.get(reverse("news:rank"))
    assert response.status_code == 200
    html = response.content.decode()
    assert rank_sections(html) == [(label, ["今日热读"]) for label in ("日榜", "周榜", "月榜", "总榜")]
    assert len(re.findall(r'<ol class="ranking">', html)) == 4 + 1  # the four windows and the sidebar
    assert "3 次" in html


def test_admin_change_page_charts_the_last_30_days(client, chief_editor):
    article = make_article()
    hits(article, 4, *datetime.now(UTC).timetuple()[:5])
    viewbuffer.flush()
    client.force_login(chief_editor)
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    chart = re.search(r"<svg class=\"views-chart\".*?</svg>", html, re.S).group(0)
    assert chart.count("<rect") == 30
    assert "共 4 次，单日最多 4 次" in chart
    assert "style=" not in chart


def test_admin_index_lists_the_most_read_this_week(client, chief_editor):
    popular, quiet = make_article("热门稿件"), make_article("冷门稿件")
    now = datetime.now(UTC).timetuple()[:5]
    hits(popular, 6, *now)
    hits(quiet, 2, *now)
    viewbuffer.flush()
    client.force_login(chief_editor)
    html = client.get(reverse("admin:index")).content.decode()
    block = html[html.index("本周最多阅读") :]
    assert block.index("热门稿件") < block.index("冷门稿件")
    assert reverse("admin:news_article_change", args=[popular.pk]) in block


def test_a_ranking_looks_past_many_withdrawn_articles():
    withdrawn = [make_article(published=False) for _ in range(25)]
    DailyViews.objects.add_views([(article.pk, TODAY, 10) for article in withdrawn])
    shown = make_article("仍在线")
    DailyViews.objects.add_views([(shown.pk, TODAY, 1)])
    assert titles(compute_top_articles("day", limit=1, today=TODAY)) == [("仍在线", 1)]
