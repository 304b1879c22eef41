"""List pages against the one-row template page, page cache off (issue 19: list pages ≥ 0.3× the one-row page).

    flock /tmp/bench.lock .venv/bin/python -m bench.list_pages [--set 1k] [--duration 8] [--port 8190]

Uses the data set bench/run.py prepared (`python -m bench.run --sets 1k` once, or this script's
--prepare). granian with 3 workers and wrk -c32 as in bench/run.py; prints one Markdown table: req/s,
p50/p95 and the ratio to the one-row template page measured in the same run.
"""

import argparse

from bench import run

PAGES = ["one-row template", "article", "category p1", "tag", "source", "search", "feed"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="1k", choices=list(run.SETS))
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--port", type=int, default=run.APP_PORT, help="the app server's port")
    parser.add_argument("--prepare", action="store_true", help="migrate and fill the data set first")
    args = parser.parse_args()
    run.APP_PORT = args.port
    if args.prepare:
        run.prepare(args.set)
    probed = run.probe(args.set)
    pages = {page: info["path"] for page, info in probed["pages"].items() if info["status"] == 200}
    pages = {page: pages[page] for page in PAGES if page in pages}
    rows = run.load_pages(args.set, pages, server="granian", page_cache=False, duration=args.duration)
    base = next(row["rps"] for row in rows if row["page"] == "one-row template")
    print(f"\n{args.set}, granian, page cache off, {args.duration} s per page")
    print("| page | req/s | × one-row | p50 ms | p95 ms | SQL cold/warm |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        info = probed["pages"].get(row["page"], {})
        print(
            f"| {row['page']} | {row['rps']:.0f} | {row['rps'] / base:.2f} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {info.get('cold', '')} / {info.get('warm', '')} |"
        )


if __name__ == "__main__":
    main()
