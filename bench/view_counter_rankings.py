"""Ranking query time at 100,000 articles with a year of daily rows, and the query plans.

Run by bench/view_counter.py once per database (DATABASE_URL picks it); it can
also run alone:

    DATABASE_URL=sqlite:////tmp/rank.sqlite3 .venv/bin/python bench/view_counter_rankings.py

The data set: 100,000 published articles spread evenly over the last 365
days; each has DailyViews rows for its first 14 days (fewer for the newest),
views falling off day by day, so every day of the year has rows (about 1.4
million rows in all). The rankings are computed without the cache, the way a
cache miss computes them.
"""

import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from news.models import Article, Category, DailyViews  # noqa: E402
from news.rankings import PERIODS, compute_top_articles, ranking_query  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", 100_000))
DAYS_WITH_VIEWS = 14
RUNS = 7


def daily_rows(article_id, published_on, today):
    base = article_id * 7919 % 400 + 20
    for age in range(DAYS_WITH_VIEWS):
        day = published_on + timedelta(days=age)
        if day > today:
            return
        yield article_id, day, max(1, base // (age + 1))


def build():
    if Article.objects.count() >= ARTICLES:
        return
    print(f"building {ARTICLES} articles with a year of daily views ...", file=sys.stderr)
    now, today = timezone.now(), timezone.localdate()
    category, _ = Category.objects.get_or_create(slug="bench-rank", defaults={"name": "排行测试"})
    step = timedelta(days=365) / ARTICLES
    with transaction.atomic():
        for start in range(0, ARTICLES, 5000):
            Article.objects.bulk_create(
                Article(
                    title=f"排行测试文章 {n}",
                    category=category,
                    body="<p>排行测试正文。</p>",
                    summary="排行测试。",
                    status=Article.Status.PUBLISHED,
                    published_at=now - step * n,
                )
                for n in range(start, min(start + 5000, ARTICLES))
            )
        rows, totals = [], {}
        for article_id, published_at in Article.objects.values_list("pk", "published_at").iterator():
            for row in daily_rows(article_id, timezone.localdate(published_at), today):
                rows.append(row)
                totals[article_id] = totals.get(article_id, 0) + row[2]
            if len(rows) >= 50_000:
                DailyViews.objects.add_views(rows)
                rows = []
        DailyViews.objects.add_views(rows)
        by_total = {}
        for article_id, total in totals.items():
            by_total.setdefault(total, []).append(article_id)
        for total, ids in by_total.items():
            for start in range(0, len(ids), 500):
                Article.objects.filter(pk__in=ids[start : start + 500]).update(view_count=total)


def main():
    call_command("migrate", verbosity=0)
    build()
    with connection.cursor() as cursor:
        # The steady state of a live database: autovacuum has set PostgreSQL's
        # visibility map (index-only scans need it), statistics are current.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result = {
        "database": connection.vendor,
        "articles": Article.objects.count(),
        "daily_rows": DailyViews.objects.count(),
        "periods": {},
    }
    for period in PERIODS:
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            ranked = compute_top_articles(period, 10)
            timings.append((time.perf_counter() - started) * 1000)
        query = ranking_query(period, 10)
        options = {"analyze": True} if connection.vendor == "postgresql" else {}
        result["periods"][period] = {
            "median_ms": round(statistics.median(timings), 2),
            "max_ms": round(max(timings), 2),
            "top": [(article.pk, article.period_views) for article in ranked[:3]],
            "plan": query.explain(**options),
        }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
