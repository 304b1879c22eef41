"""List pages against the one-row template page, page cache off (issue 19: list pages ≥ 0.3× the one-row page).

    flock /tmp/bench.lock .venv/bin/python -m bench.list_pages [--set 1k] [--rounds 5] [--duration 3] [--port 8190]

Uses the data set bench/run.py prepared (`python -m bench.run --sets 1k` once, or this script's
--prepare). granian with 3 workers and wrk -c32 as in bench/run.py. On a shared machine one noisy
second can halve a figure, so the one-row page and each page are loaded in turn, in several short
rounds: each round's ratio compares a page with the one-row run just before it, and the table shows
the median over the rounds (with the lowest and highest ratio) and the median req/s.
"""

import argparse
import statistics

from bench import run

BASELINE = "one-row template"
PAGES = ["article", "category p1", "tag", "source", "search", "feed"]


def measure(base, pages, rounds, duration):
    """{page: [result of each round]}, each result with the ratio to the baseline run just before it."""
    for path in [pages[BASELINE], *pages.values()]:
        run.wrk(base + path, 1)  # warm up: templates compiled, blocks cached
    results = {page: [] for page in pages}
    for number in range(1, rounds + 1):
        for page, path in pages.items():
            if page == BASELINE:
                continue
            baseline = run.wrk(base + pages[BASELINE], duration)
            result = run.wrk(base + path, duration)
            result["ratio"] = result["rps"] / baseline["rps"]
            results[BASELINE].append(baseline)
            results[page].append(result)
            run.log(f"  round {number} {page:<12} {result['rps']:6.0f} req/s  {result['ratio']:.2f} × one-row")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="1k", choices=list(run.SETS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3, help="seconds per run of one page")
    parser.add_argument("--port", type=int, default=run.APP_PORT, help="the app server's port")
    parser.add_argument("--prepare", action="store_true", help="migrate and fill the data set first")
    args = parser.parse_args()
    run.APP_PORT = args.port
    if args.prepare:
        run.prepare(args.set)
    probed = run.probe(args.set)
    found = {page: info["path"] for page, info in probed["pages"].items() if info["status"] == 200}
    pages = {page: found[page] for page in [BASELINE, *PAGES] if page in found}
    with run.Server("granian", run.app_env(args.set, page_cache=False)):
        results = measure(f"http://127.0.0.1:{run.APP_PORT}", pages, args.rounds, args.duration)
    print(f"\n{args.set}, granian, page cache off, {args.rounds} rounds of {args.duration} s per page")
    print("| page | req/s | × one-row (median) | lowest–highest | p50 ms | p95 ms | SQL cold/warm |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for page, rows in results.items():
        info = probed["pages"].get(page, {})
        ratios = [row["ratio"] for row in rows if "ratio" in row]
        spread = f"{min(ratios):.2f}–{max(ratios):.2f}" if ratios else ""
        print(
            f"| {page} | {statistics.median(row['rps'] for row in rows):.0f} | "
            f"{statistics.median(ratios) if ratios else 1:.2f} | {spread} | "
            f"{statistics.median(row['p50_ms'] for row in rows):.1f} | "
            f"{statistics.median(row['p95_ms'] for row in rows):.1f} | "
            f"{info.get('cold', '')} / {info.get('warm', '')} |"
        )


if __name__ == "__main__":
    main()
