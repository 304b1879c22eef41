"""List pages against the one-row template page, page cache off (issue 19: list pages ≥ 0.3× the one-row page).

    flock /tmp/bench.lock .venv/bin/python -m bench.list_pages [--set 1k] [--rounds 5] [--duration 3] [--port 8190]
        [--pages "feed, cold" …]

Uses the data set bench/run.py prepared (`python -m bench.run --sets 1k` once, or this script's
--prepare). As in bench/busy_hour.py, the SQLite sets use the file cache and the PostgreSQL sets Redis
(BENCH_REDIS_URL's db, emptied first). granian with 3 workers and wrk -c32 as in bench/run.py.

On a shared machine one noisy second can halve a figure, so the one-row page and each page are
loaded in turn, in several short rounds: each round's ratio compares a page with the one-row run just
before it, and the table shows the median over the rounds (with the lowest and highest ratio) and the
median req/s. Other jobs on the
machine take CPU from both runs unevenly; the server's own CPU time per request (its processes'
utime + stime from /proc) moves much less, and gives a second ratio: one-row CPU ms / the page's.
"""

import argparse
import os
import statistics
import subprocess
from pathlib import Path

from bench import run

BASELINE = "one-row template"
PAGES = ["article", "category p1", "tag", "source", "search", "feed", "feed, built", "feed, cold"]


def cpu_seconds(group):
    """CPU seconds the processes of process group `group` have used so far (Linux /proc)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After "(command)": state, ppid, pgrp, … utime and stime are the 12th and 13th fields.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that just ended
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def load(url, duration, group):
    started = cpu_seconds(group)
    result = run.wrk(url, duration)
    result["cpu_ms"] = (cpu_seconds(group) - started) * 1000 / max(result["requests"], 1)
    return result


def measure(base, pages, rounds, duration, group):
    """{page: [result of each round]}, each result with its ratios to the baseline run just before it."""
    for path in [pages[BASELINE], *pages.values()]:
        run.wrk(base + path, 1)  # warm up: templates compiled, blocks cached
    results = {page: [] for page in pages}
    for number in range(1, rounds + 1):
        for page, path in pages.items():
            if page == BASELINE:
                continue
            baseline = load(base + pages[BASELINE], duration, group)
            result = load(base + path, duration, group)
            result["ratio"] = result["rps"] / baseline["rps"]
            result["cpu_ratio"] = baseline["cpu_ms"] / result["cpu_ms"]
            results[BASELINE].append(baseline)
            results[page].append(result)
            run.log(
                f"  round {number} {page:<12} {result['rps']:6.0f} req/s  {result['ratio']:.2f} × one-row  "
                f"CPU {result['cpu_ms']:.2f} ms/request, {result['cpu_ratio']:.2f} × one-row"
            )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="1k", choices=list(run.SETS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3, help="seconds per run of one page")
    parser.add_argument("--port", type=int, default=run.APP_PORT, help="the app server's port")
    parser.add_argument("--prepare", action="store_true", help="migrate and fill the data set first")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES, help="only these pages (and the one-row)")
    args = parser.parse_args()
    run.APP_PORT = args.port
    if args.prepare:
        run.prepare(args.set)
    probed = run.probe(args.set)
    found = {page: info["path"] for page, info in probed["pages"].items() if info["status"] == 200}
    if "feed" in found:
        # bench/urls.py: the feed without its cache, its entries cached or not
        found["feed, built"], found["feed, cold"] = "/bench/feed-built/", "/bench/feed-cold/"
    pages = {page: found[page] for page in [BASELINE, *args.pages] if page in found}
    redis = bool(run.SETS[args.set]["database"])
    if redis:
        subprocess.run(["redis-cli", "-u", run.REDIS, "FLUSHDB"], check=True, capture_output=True)
    with run.Server("granian", run.app_env(args.set, page_cache=False, redis=redis)) as server:
        results = measure(f"http://127.0.0.1:{run.APP_PORT}", pages, args.rounds, args.duration, server.process.pid)
    cache = "Redis" if redis else "file cache"
    print(f"\n{args.set}, granian, page cache off, {cache}, {args.rounds} rounds of {args.duration} s per page")
    print(
        "| page | req/s | × one-row (median) | lowest–highest | CPU ms/request | × one-row by CPU | p50 ms | p95 ms "
        "| SQL cold/warm |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for page, rows in results.items():
        info = probed["pages"].get(page, {})
        ratios = [row["ratio"] for row in rows if "ratio" in row]
        spread = f"{min(ratios):.2f}–{max(ratios):.2f}" if ratios else ""
        cpu_ratios = [row["cpu_ratio"] for row in rows if "cpu_ratio" in row]
        print(
            f"| {page} | {statistics.median(row['rps'] for row in rows):.0f} | "
            f"{statistics.median(ratios) if ratios else 1:.2f} | {spread} | "
            f"{statistics.median(row['cpu_ms'] for row in rows):.2f} | "
            f"{statistics.median(cpu_ratios) if cpu_ratios else 1:.2f} | "
            f"{statistics.median(row['p50_ms'] for row in rows):.1f} | "
            f"{statistics.median(row['p95_ms'] for row in rows):.1f} | "
            f"{info.get('cold', '')} / {info.get('warm', '')} |"
        )


if __name__ == "__main__":
    main()
