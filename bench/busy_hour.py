"""A busy hour: readers on a Zipf-distributed set of pages while an editor publishes or edits one article a minute.

    flock /tmp/bench.lock .venv/bin/python -m bench.busy_hour [--set 1k] [--duration 180] [--edit-every 60]
        [--readers 16] [--port 8192]

Production settings with the page cache on, granian with 3 workers, on the data set bench/run.py prepared
(`python -m bench.run --sets 1k` once, or --prepare). The SQLite sets use the file cache (the production default
without Redis); the PostgreSQL sets (pg-1k, pg-1M) use Redis, BENCH_REDIS_URL's db, emptied first, as a site
of that size would.
Readers are threads with keep-alive connections and a browser's User-Agent (pages only: the beacon's
load is bench/view_counter.py's), each asking for the next page at once (a closed loop). The URL set is
the home page, every
category, the 30 most used tags and the 300 newest articles, in that order of popularity, drawn with
weights 1/rank^1.1. The editor (this process, through the ORM, as the admin's save would) alternates
publishing a new article and editing the title of a recent one. `--edit-every` below 60 compresses time:
the report says by how much. The first 15 s warm the cache and are not counted.

Reports per page kind and overall: requests, page-cache hit ratio (X-Page-Cache), p50/p95/p99 latency,
and SQL statements per second (the server adds X-SQL-Count with BENCH_COUNT_SQL=1, bench/sql_count.py).
"""

import argparse
import bisect
import http.client
import itertools
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from bench import run

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
WARM_UP = 15
ZIPF_EXPONENT = 1.1
TAGS, ARTICLES = 30, 300


def url_set():
    """[(kind, path)] from the most read to the least."""
    from django.db.models import Count
    from taggit.models import Tag

    from news.models import Article, Category

    pages = [("home", "/")]
    pages += [("category", category.get_absolute_url()) for category in Category.objects.all()]
    tags = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n")[:TAGS]
    articles = Article.objects.published().only("pk")[:ARTICLES]
    tag_pages = [("tag", f"/tag/{tag.slug}/") for tag in tags]
    # One tag page after every ten articles: a tag is read about as often as a mid-list story.
    for index, article in enumerate(articles):
        pages.append(("article", article.get_absolute_url()))
        if index % 10 == 9 and tag_pages:
            pages.append(tag_pages.pop(0))
    return pages + tag_pages


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = defaultdict(list)  # kind -> [(seconds, status, cache, sql)]

    def add(self, kind, row):
        with self.lock:
            self.rows[kind].append(row)


def reader(port, pages, cumulative, seed, start, end, results):
    rnd = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.monotonic() < end:
        kind, path = pages[bisect.bisect(cumulative, rnd.random() * cumulative[-1])]
        began = time.monotonic()
        try:
            connection.request("GET", quote(path), headers={"User-Agent": BROWSER})
            response = connection.getresponse()
            response.read()
            row = (
                time.monotonic() - began,
                response.status,
                response.getheader("X-Page-Cache", ""),
                int(response.getheader("X-SQL-Count") or 0),
            )
        except OSError:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            row = (time.monotonic() - began, 0, "", 0)
        if began >= start:
            results.add(kind, row)


def editor(every, start, end, log):
    """Publish a new article, then edit a recent one, and so on: one change each `every` seconds."""
    from django.db import close_old_connections

    from news.generator import PLACES, SUBJECTS, Generator
    from news.models import Article, Category

    generator = Generator(seed=19)
    categories = list(Category.objects.all())
    next_change = start
    for number in itertools.count(1):
        while time.monotonic() < next_change:
            if time.monotonic() >= end:
                return
            time.sleep(0.05)
        close_old_connections()
        if number % 2:
            place, subject = generator.random.choice(PLACES), generator.random.choice(SUBJECTS)
            article = Article.objects.create(
                title=generator.title(place, subject),
                category=generator.random.choice(categories),
                body=generator.body(place, subject),
                status=Article.Status.PUBLISHED,
            )
            article.tags.add(subject)
            log.append(f"{time.monotonic() - start:6.1f} s  published #{article.pk}")
        else:
            article = Article.objects.published()[generator.random.randrange(20)]
            article.title = f"{article.title.removesuffix('（更新）')}（更新）"
            article.save()
            log.append(f"{time.monotonic() - start:6.1f} s  edited #{article.pk}")
        next_change += every


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0


def report(results, seconds, args, log, redis):
    lines = [
        f"Busy hour on the {args.set} set: {args.readers} readers, one change every {args.edit_every} s"
        + (f" (time compressed {60 / args.edit_every:.0f}×: one a minute is the goal)" if args.edit_every < 60 else "")
        + f", {seconds:.0f} s measured after {WARM_UP} s of warm-up; granian, page cache on "
        + ("(Redis, PostgreSQL)." if redis else "(file cache, no Redis)."),
        "",
        "| pages | requests | req/s | hit ratio | p50 ms | p95 ms | p99 ms | SQL/s | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything = [row for rows in results.rows.values() for row in rows]
    for kind, rows in [*sorted(results.rows.items()), ("all", everything)]:
        times = [row[0] * 1000 for row in rows]
        hits = sum(1 for row in rows if row[2] == "hit")
        errors = sum(1 for row in rows if row[1] != 200)
        lines.append(
            f"| {kind} | {len(rows)} | {len(rows) / seconds:.0f} | {hits / len(rows):.1%} | "
            f"{statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {percentile(times, 0.99):.1f} | "
            f"{sum(row[3] for row in rows) / seconds:.0f} | {errors} |"
        )
    lines += ["", "Changes made by the editor:", *(f"    {line}" for line in log)]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="1k", choices=list(run.SETS))
    parser.add_argument("--duration", type=int, default=180, help="seconds measured (after the warm-up)")
    parser.add_argument("--edit-every", type=float, default=60, help="seconds between the editor's changes")
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--port", type=int, default=8192)
    parser.add_argument("--prepare", action="store_true", help="migrate and fill the data set first")
    args = parser.parse_args()
    run.APP_PORT = args.port
    if args.prepare:
        run.prepare(args.set)
    redis = bool(run.SETS[args.set]["database"])
    if redis:
        # The bench's own Redis db, emptied: no earlier run's pages or versions.
        subprocess.run(["redis-cli", "-u", run.REDIS, "FLUSHDB"], check=True, capture_output=True)
    env = {**run.app_env(args.set, page_cache=True, redis=redis), "BENCH_COUNT_SQL": "1"}
    os.environ.update(env)
    import django

    django.setup()
    pages = url_set()
    cumulative = list(itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(pages) + 1)))
    results, log = Results(), []
    with run.Server("granian", env):
        start = time.monotonic() + WARM_UP
        end = start + args.duration
        threads = [
            threading.Thread(target=reader, args=(args.port, pages, cumulative, n, start, end, results))
            for n in range(args.readers)
        ]
        threads.append(threading.Thread(target=editor, args=(args.edit_every, start, end, log)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    text = report(results, args.duration, args, log, redis)
    print(text)
    command = " ".join(["python -m bench.busy_hour", *sys.argv[1:]])
    out = Path(run.RESULTS) / f"busy_hour-{args.set}.md"
    out.write_text(f"`{command}` at {time.strftime('%Y-%m-%d %H:%M')}\n\n{text}\n")


if __name__ == "__main__":
    main()
