"""Issue 15's three guard rails in one run on the 1k set (granian, 3 workers, wrk 32 connections).

- article through the page cache with Redis / minimal view: at least 0.85
- uncached article / one-row template page: at least 0.5
- article through the page cache on SQLite without Redis / minimal view: at least 0.6

`flock /tmp/bench.lock .venv/bin/python -m bench.guard_rails --duration 5`
(BENCH_REDIS_URL picks the Redis db; the bench's own db is flushed first.)
"""

import argparse
import os

from bench import run

PAGES = ("minimal view", "one-row template", "article")


def rates(rows):
    return {row["page"]: row["rps"] for row in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--server", default="granian", choices=["gunicorn", "granian"])
    args = parser.parse_args()
    run.prepare("1k")
    probed = run.probe("1k")
    pages = {page: probed["pages"][page]["path"] for page in PAGES}
    load_before = os.getloadavg()[0]
    kwargs = {"server": args.server, "duration": args.duration, "only": set(PAGES)}
    off = rates(run.load_pages("1k", pages, page_cache=False, **kwargs))
    local = rates(run.load_pages("1k", pages, page_cache=True, **kwargs))
    redis = rates(run.load_pages("1k", pages, page_cache=True, redis=True, **kwargs))
    print()
    print("| | minimal | one-row | article |")
    print("|---|---|---|---|")
    for label, row in (("page cache off", off), ("page cache on (no Redis)", local), ("page cache on (Redis)", redis)):
        print(f"| {label} | {row['minimal view']:.0f} | {row['one-row template']:.0f} | {row['article']:.0f} req/s |")
    print()
    checks = (
        ("page cache with Redis / minimal", redis["article"] / redis["minimal view"], 0.85),
        ("uncached article / one-row", off["article"] / off["one-row template"], 0.5),
        ("SQLite page cache / minimal", local["article"] / local["minimal view"], 0.6),
    )
    for label, ratio, floor in checks:
        print(f"- {label}: {ratio:.2f} (guard rail ≥ {floor}) {'ok' if ratio >= floor else 'BELOW'}")
    print(f"- load average {load_before:.1f} → {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
