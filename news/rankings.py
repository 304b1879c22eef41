"""点击排行: the most read published articles of a rolling window.

Windows are whole days in the site's time zone (Asia/Shanghai), today included:
日 is today, 周 the last 7 days, 月 the last 30, 总 all time (`Article.view_count`).
A ranking is cached for `RANKING_CACHE_SECONDS` and under the content version,
so a withdrawn article leaves it at once; view counts themselves never bump the
version (that would empty every cached block on each view).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.caching import cached

from .models import Article, DailyViews

# period -> (label, number of days; None for all time)
PERIODS = {
    "day": (_("日榜"), 1),
    "week": (_("周榜"), 7),
    "month": (_("月榜"), 30),
    "all": (_("总榜"), None),
}
DEFAULT_LIMIT = 10


def window_start(period, today=None):
    """The first day of `period`'s window (a date), or None for all time."""
    try:
        _label, days = PERIODS[period]
    except KeyError:
        raise ValueError(f"Unknown ranking period {period!r}; use one of {', '.join(PERIODS)}.") from None
    if days is None:
        return None
    return (today or timezone.localdate()) - timedelta(days=days - 1)


def ranking_query(period, size, today=None):
    """The first `size` (article_id, views) pairs of `period`, most viewed first; on a tie the older article."""
    today = today or timezone.localdate()
    since = window_start(period, today)
    if since is None:
        # Walks the view_count index and stops after `size` published rows.
        return Article.objects.published().most_read().values_list("pk", "view_count")[:size]
    # Sums the window from the covering index alone; visibility is checked on
    # the few candidates afterwards, not on every row of the window.
    return DailyViews.objects.totals(since, today)[:size]


def compute_top_articles(period, limit=DEFAULT_LIMIT, today=None):
    """The ranking without the cache: published articles with `period_views`, most read first."""
    size = max(limit * 2, 20)
    while True:
        ranked = list(ranking_query(period, size, today))
        found = Article.objects.published().for_list().in_bulk([article_id for article_id, _views in ranked])
        articles = []
        for article_id, views in ranked:
            if article_id in found:
                article = found[article_id]
                article.period_views = views
                articles.append(article)
        if len(articles) >= limit or len(ranked) < size:
            return articles[:limit]
        # Many of the most read are withdrawn or scheduled: look further down.
        size *= 4


def top_articles(period, limit=DEFAULT_LIMIT, today=None):
    """The `limit` most read published articles of `period` ("day", "week", "month" or "all"), cached."""
    today = today or timezone.localdate()
    window_start(period, today)  # an unknown period fails here, before the cache
    return cached(
        f"rank:{period}:{limit}:{today.isoformat()}",
        lambda: compute_top_articles(period, limit, today),
        timeout=settings.RANKING_CACHE_SECONDS,
    )


def all_rankings(limit=DEFAULT_LIMIT):
    """[(period, label, articles)] for every period, in the order 日 周 月 总."""
    return [(period, label, top_articles(period, limit)) for period, (label, _days) in PERIODS.items()]


def sidebar_period():
    """The window the sidebar's 点击排行 shows (`RANKING_SIDEBAR_PERIOD`)."""
    return settings.RANKING_SIDEBAR_PERIOD
