"""Reader pages on a large table: 100k+ articles in one category, deep page numbers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_reader REDIS_URL=redis://127.0.0.1:6379/1 \
        .venv/bin/python bench/deep_pages.py [--articles 120000]

Adds the articles once (bulk, import keys "bench:N"), then requests each page
with the test client: the first request after a content change (cold cache)
and the median of 7 warm requests, with their SQL query counts.
Writes bench/results/deep_pages.json. Use a database made for benchmarks.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("LOG_LEVEL", "WARNING")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from report import write_results  # noqa: E402

from news.models import Article, Category  # noqa: E402
from portal.caching import bump  # noqa: E402

BATCH = 5000


def populate(total):
    category, _ = Category.objects.get_or_create(slug="bench-deep", defaults={"name": "压力测试栏目"})
    other, _ = Category.objects.get_or_create(slug="bench-other", defaults={"name": "其他栏目"})
    existing = Article.objects.filter(import_key__startswith="bench:").count()
    now = timezone.now()
    for start in range(existing, total, BATCH):
        Article.objects.bulk_create(
            Article(
                title=f"压力测试文章 {n}",
                category=category if n % 10 else other,
                body=f"<p>第 {n} 篇用于压力测试的正文。</p>",
                summary=f"第 {n} 篇用于压力测试的摘要。",
                status=Article.Status.PUBLISHED if n % 50 else Article.Status.DRAFT,
                published_at=now - timedelta(minutes=n),
                is_recommended=n % 97 == 0,
                view_count=n % 1000,
                import_key=f"bench:{n}",
            )
            for n in range(start, min(start + BATCH, total))
        )
        print(f"  {min(start + BATCH, total)} articles", flush=True)
    # bulk_create sends no signals: bump the cached blocks ourselves.
    bump()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE news_article")
    return category


def request(client, url):
    with CaptureQueriesContext(connection) as context:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(context.captured_queries)


def measure(client, url):
    bump()
    cold_ms, cold_queries = request(client, url)
    warm = [request(client, url) for _ in range(7)]
    return {
        "cold_ms": round(cold_ms, 1),
        "cold_queries": cold_queries,
        "warm_median_ms": round(statistics.median(ms for ms, _ in warm), 1),
        "warm_queries": warm[-1][1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    category = populate(args.articles)
    reset_queries()
    article = Article.objects.published().filter(category=category).order_by("-published_at")[50_000]
    in_category = Article.objects.published().filter(category=category).count()
    client = Client()
    pages = {
        "home": "/",
        "article": article.get_absolute_url(),
        "category page 1": category.get_absolute_url(),
        "category page 100": category.get_absolute_url() + "?page=100",
        "category page 5000": category.get_absolute_url() + "?page=5000",
        "feed": "/feed/rss/",
        "sitemap section (articles, page 30)": "/sitemap-articles.xml?p=30",
    }
    results = {
        "database": connection.vendor,
        "articles": Article.objects.count(),
        "published in the category": in_category,
        "pages": {name: measure(client, url) for name, url in pages.items()},
    }
    write_results("deep_pages", results)


if __name__ == "__main__":
    main()
