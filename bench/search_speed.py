"""Search latency, index size and index build time on a large generated corpus.

Uses the database in DATABASE_URL (SQLite by default): tops it up to
--articles generated articles (`news.generator`, indexed on the way through
`articles_changed`), rebuilds the index from scratch (timed), then runs a
fixed query set the way the search page does (result count, first page of 20
ranked ids, the articles, highlighting) and reports p50/p95.

    DATABASE_URL=sqlite:////work/wt-search/var/bench.sqlite3 .venv/bin/python bench/search_speed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search .venv/bin/python bench/search_speed.py

Results go to bench/results/search_speed_<vendor>.json.
"""

import argparse
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
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from news import search  # noqa: E402
from news.generator import generate_articles  # noqa: E402
from news.models import Article, Category  # noqa: E402
from news.views import PAGE_SIZE  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

# From very common (in nearly every generated article) to absent; single
# words, compounds, mixed scripts, a long query and a page deep in the list.
QUERIES = [
    ("营商环境", 1),
    ("园区", 1),
    ("开发区", 1),
    ("高新区", 1),
    ("氢能", 1),
    ("人工智能", 1),
    ("新能源汽车", 1),
    ("5G基站", 1),
    ("开发区氢能", 1),
    ("高新区 集成电路 签约", 1),
    ("光伏项目投入运营", 1),
    ("产业引导基金", 1),
    ("冷链物流 就业岗位", 1),
    ("跨境电商刷新纪录", 1),
    ("审批服务高效", 1),
    ("科技城低空经济", 1),
    ("量子计算", 1),
    ("ＧＤＰ２０２４", 1),
    ("开发区的氢能产业园区项目集中开工以后年产值超过多少亿元", 1),
    ("营商环境", 50),
    ("氢能", 10),
]
CATEGORY_QUERIES = ["氢能", "营商环境"]


def run_query(text, page, queryset):
    results = search.search(text, queryset)
    count = results.count()
    start = (page - 1) * PAGE_SIZE
    hits = results[start : start + PAGE_SIZE]
    return count, hits


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Corpus size to reach.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs of each query (after one warm-up).")
    parser.add_argument("--skip-rebuild", action="store_true", help="Do not time a full rebuild.")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    report = {"vendor": vendor, "articles": args.articles}

    missing = args.articles - Article.objects.count()
    if missing > 0:
        print(f"[{vendor}] generating {missing} articles (indexed as they are inserted)…", flush=True)
        started = time.perf_counter()
        generate_articles(missing, batch_size=2000)
        report["generate_and_index_seconds"] = round(time.perf_counter() - started, 1)
    report["articles"] = Article.objects.count()
    if vendor == "postgresql":
        # Autovacuum analyses a table a little after a bulk insert; the bench
        # does not wait for it. Without statistics the planner guesses badly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")

    backend = search.get_backend()
    if not args.skip_rebuild:
        started = time.perf_counter()
        search.rebuild()
        report["index_build_seconds"] = round(time.perf_counter() - started, 1)
    report["index_bytes"] = backend.size()

    published = Article.objects.published().select_related("category", "source")
    timings, unfiltered, per_query = [], [], []
    categories = list(Category.objects.filter(articles__isnull=False).distinct()[:1])
    cases = [(text, page, published, "") for text, page in QUERIES]
    cases += [(text, 1, published.in_category(categories[0]), categories[0].slug) for text in CATEGORY_QUERIES]
    # A narrow date range under a very common word: the full-text side finds
    # many matches that the filter then rejects (the slowest case by design).
    last_week = published.filter(published_at__gte=timezone.now() - timedelta(days=7))
    cases += [(text, 1, last_week, "7 days") for text in CATEGORY_QUERIES]
    for text, page, queryset, category in cases:
        run_query(text, page, queryset)  # warm-up: caches, statement plans
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            count, hits = run_query(text, page, queryset)
            runs.append((time.perf_counter() - started) * 1000)
        timings += runs
        if not category:
            unfiltered += runs
        per_query.append(
            {
                "query": text,
                "page": page,
                "category": category,
                "matches": count,
                "shown": len(hits),
                "median_ms": round(statistics.median(runs), 1),
            }
        )
        print(
            f"  {text[:20]:<22} page {page:<3}{category:<12} {count:>7} matches  {statistics.median(runs):7.1f} ms",
            flush=True,
        )
    report.update(
        {
            "queries": len(cases),
            "runs_per_query": args.repeat,
            "p50_ms": round(percentile(timings, 0.50), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "p50_ms_without_filters": round(percentile(unfiltered, 0.50), 1),
            "p95_ms_without_filters": round(percentile(unfiltered, 0.95), 1),
            "max_ms": round(max(timings), 1),
            "per_query": per_query,
        }
    )
    print(
        f"[{vendor}] {report['articles']} articles: p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, "
        f"max {report['max_ms']} ms (without filters: p50 {report['p50_ms_without_filters']} ms, "
        f"p95 {report['p95_ms_without_filters']} ms); index {report['index_bytes'] / 2**20:.1f} MiB, "
        f"rebuild {report.get('index_build_seconds', '-')} s"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"search_speed_{vendor}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
