"""Find the pages to load and count their SQL queries, in-process, on the bench database.

Run by bench/run.py as `python -m bench.probe` with the dataset's environment;
prints one JSON object: {name: {"path", "status", "cold", "warm", "cached"}}.
  cold: queries with an empty cache (the first reader after a content change; what a new database
        connection runs once, Django's JSON feature check and the view counter's trigger on SQLite,
        is left out);
  warm: queries once the blocks are cached, page cache off;
  cached: queries for a page-cache hit;
  ms: median time of 5 warm requests, one at a time (the server's own time, no queueing).
"""

import json
import os
import statistics
import time
from urllib.parse import quote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from news.models import Article, Category  # noqa: E402
from news.views import PAGE_SIZE  # noqa: E402
from portal import caching  # noqa: E402

DEEP_PAGE = 5000
SEARCH_WORD = "氢能"
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def optional_reverse(name, **kwargs):
    """Pages other issues add: absent until their branch is merged."""
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return None


def bench_pages():
    published = Article.objects.published()
    total = published.count()
    category = Category.objects.get(slug="innovation")
    in_category = published.in_category(category).count()
    # A story from the middle of the archive, not the newest.
    article = published.order_by("-published_at")[total // 2 : total // 2 + 1].get()
    deep = max(1, min(DEEP_PAGE, -(-in_category // PAGE_SIZE)))
    tag = article.tags.order_by("name").first()
    search = optional_reverse("news:search")
    feed = optional_reverse("news:feed-rss")
    sitemap = optional_reverse("portal:sitemap-xml")
    beacon = optional_reverse("news:article-views", kwargs={"pk": article.pk})
    pages = {
        "minimal view": "/bench/minimal/",
        "one-row template": f"/bench/one-row/{article.pk}/",
        "home": reverse("news:home"),
        "category p1": category.get_absolute_url(),
        f"category p{deep}": f"{category.get_absolute_url()}?page={deep}",
        "article": article.get_absolute_url(),
        "tag": reverse("news:tag", kwargs={"slug": tag.slug}) if tag else None,
        "source": article.source.get_absolute_url() if article.source_id else None,
        "search": f"{search}?q={quote(SEARCH_WORD)}" if search else None,
        "feed": feed,
        "sitemap": sitemap,
    }
    return {name: path for name, path in pages.items() if path}, beacon, total


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


def main():
    pages, beacon, total = bench_pages()
    # A reader's browser, and every load a view: the article page's queries
    # include counting it, as under load (bench/report.lua).
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=READER)
    with override_settings(PAGE_CACHE=False):
        for path in pages.values():
            client.get(path)  # the connection's one-off statements
    report = {}
    for name, path in pages.items():
        with override_settings(PAGE_CACHE=False, VIEW_REPEAT_WINDOW=0):
            # Also forgets the versions this process read: read again within 50 ms they would name
            # entries the emptied cache no longer has, and the warm request would count as cold.
            caching.clear()
            response, cold = count_queries(client, path)
            _, warm = count_queries(client, path)
            times = []
            for _ in range(5):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        with override_settings(PAGE_CACHE=True, VIEW_REPEAT_WINDOW=0):
            count_queries(client, path)
            _, cached = count_queries(client, path)
        report[name] = {
            "path": path,
            "status": response.status_code,
            "cold": cold,
            "warm": warm,
            "cached": cached,
            "ms": round(statistics.median(times), 1),
        }
    print(json.dumps({"articles": total, "pages": report, "beacon": beacon}))


if __name__ == "__main__":
    main()
