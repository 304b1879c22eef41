"""The admin index as a newsroom dashboard: what was published, what is read.

Each function returns plain data for one panel of `templates/admin/index.html`;
the panels are inclusion tags in `news.templatetags.dashboard`.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Article, DailyViews, ImportRun

CHART_DAYS = 30
PANEL_ROWS = 6


def published_counts(now=None):
    """Articles that went live today and in the last 7 days (site time), scheduled ones not yet."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    live = Article.objects.published()
    return {
        "today": live.filter(published_at__gte=midnight).count(),
        "week": live.filter(published_at__gte=midnight - timedelta(days=6)).count(),
        "scheduled": Article.objects.scheduled().count(),
    }


def views_chart(series, bar_width=10, gap=2, plot_height=60):
    """The context of `admin/news/views_chart.html`: one SVG bar per (date, views) in `series`."""
    peak = max(views for _day, views in series)
    bars = []
    for index, (day, views) in enumerate(series):
        height = round(plot_height * views / peak) if peak else 0
        bar = {"date": day, "views": views, "x": index * (bar_width + gap), "width": bar_width}
        bars.append(bar | {"height": height, "y": plot_height - height})
    return {
        "bars": bars,
        "width": len(series) * (bar_width + gap) - gap,
        "height": plot_height + 14,
        "baseline": plot_height,
        "total": sum(views for _day, views in series),
        "peak": peak,
        "first": series[0][0],
        "last": series[-1][0],
    }


def site_views_chart(days=CHART_DAYS):
    """The whole site's views of the last `days` days, as a chart."""
    return views_chart(DailyViews.objects.series(days))


def my_articles(user, rows=PANEL_ROWS):
    """The articles `user` wrote, the last changed first: 我的稿件."""
    return Article.objects.filter(created_by=user).select_related("category").order_by("-updated_at", "-pk")[:rows]


def recent_imports(rows=PANEL_ROWS):
    """The last import runs with their counts and errors: 最近导入."""
    return ImportRun.objects.all()[:rows]
