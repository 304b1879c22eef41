"""Benchmark of the view counter (issues 5 and 15), in one run:

1. ranking query time at 100,000 articles with a year of daily rows, with the
   query plans (bench/view_counter_rankings.py), on SQLite and PostgreSQL;
2. requests/s of the article page alone (pages count nothing) against views/s
   of a reader's view: the page, then its beacon, as the browser sends them;
3. exactness under load: 64 connections hammer one article's beacon, each
   request a new reader (same-origin, a client address of its own); counted
   responses must equal what the database holds afterwards, with no 5xx and
   no "database is locked"; with Redis also while a worker is SIGKILLed.

Every server is gunicorn with 3 workers (gthread, 1 thread each: BENCH_WORKER_CLASS and
BENCH_THREADS change that) on 127.0.0.1;
the load generator is wrk (`apt-get install -y wrk`) with bench/view_counter.lua.
VIEW_REPEAT_WINDOW=0 and one trusted proxy (the client in X-Forwarded-For) so
that every beacon of the load generator counts.

    .venv/bin/python bench/view_counter.py [--seconds 10] [--only sqlite,postgresql+redis]

Needs PostgreSQL at --postgres (a database of its own: it gets 100,000
articles) and Redis at --redis. Writes bench/results/view_counter.json and
view_counter.txt (the figures and query plans) and prints the latter.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "bench" / "view_counter.lua")
RESULTS = ROOT / "bench" / "results" / "view_counter.json"
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
# One thread per worker: with more, CPU-bound page renders and I/O-bound
# beacons in one process queue behind each other for the GIL.
THREADS = int(os.environ.get("BENCH_THREADS", 1))
# wrk's timeout; the drain phase after counting lasts as long, so every
# counting request is answered (or has timed out) before wrk stops.
TIMEOUT = 10

PREPARE = """
from news.models import Article, Category
from django.utils import timezone
category, _ = Category.objects.get_or_create(slug="bench-counter", defaults={"name": "计数测试"})
article = Article.objects.create(
    title="计数基准测试文章", category=category, status="published",
    published_at=timezone.now() - timezone.timedelta(minutes=1),
    body="<p>" + "这是一篇为计数基准测试而写的文章，内容只用于压测。" * 40 + "</p>",
)
print(article.pk)
"""

STATE = """
from django.db.models import Sum
from news.models import Article, DailyViews
pk = {pk}
daily = DailyViews.objects.filter(article_id=pk).aggregate(s=Sum("views"))["s"] or 0
print(Article.objects.get(pk=pk).view_count, daily)
"""


def manage(env, *args, code=None):
    command = [PYTHON, "manage.py", *args] + (["-v", "0", "-c", code] if code else [])
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 3 workers, started and stopped by its own pid."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi:application",
                "--workers=3",
                f"--worker-class={WORKER_CLASS}",
                f"--threads={THREADS}",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/rank/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        # Don't leave a half-started server running behind the error.
        self.process.terminate()
        self.process.wait(timeout=30)
        raise RuntimeError(f"gunicorn did not start; see {log_path}")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()
        return Path(self.log_path).read_text()


def wrk(server, mode, page, beacon, seconds, connections, count_seconds=0):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={TIMEOUT}s",
            "-s",
            LUA,
            server.base,
            "--",
            mode,
            page,
            beacon,
            str(count_seconds),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def stored(env, pk):
    view_count, daily = manage(env, "shell", code=STATE.format(pk=pk)).split()
    return int(view_count), int(daily)


def flush(env, redis):
    """Write the Redis buffer; a worker killed while flushing holds the lock until it expires."""
    if not redis:
        return
    for _ in range(80):
        out = manage(env, "flush_views")
        if "Another process" not in out and "0 hit(s) waiting" in manage(env, "flush_views", "--dry-run"):
            return
        time.sleep(1)
    raise RuntimeError("the Redis buffer did not empty")


def exactness(env, server, pk, page, beacon, args, redis, kill_worker=False):
    before = stored(env, pk)
    count_seconds = args.seconds
    killer = None
    if kill_worker:
        # SIGKILL one worker half way through the counting phase; gunicorn starts another.
        victim = server.workers()[0]
        killer = subprocess.Popen(
            [sys.executable, "-c", f"import os,time; time.sleep({count_seconds / 2}); os.kill({victim}, 9)"]
        )
    result = wrk(server, "beacon", page, beacon, count_seconds + TIMEOUT, args.connections, count_seconds)
    if killer:
        killer.wait()
    flush(env, redis)
    after = stored(env, pk)
    result["stored_view_count"] = after[0] - before[0]
    result["stored_daily_views"] = after[1] - before[1]
    result["exact"] = result["stored_view_count"] == result["stored_daily_views"] == result["counted"]
    if kill_worker:
        # Requests in flight on the killed worker get no answer (socket errors);
        # some of them may have been counted before it died: never fewer.
        result["no_answered_hit_lost"] = result["stored_view_count"] >= result["counted"]
    return result


def run_config(name, env, args, workdir):
    redis = bool(env.get("REDIS_URL"))
    manage(env, "migrate", "--noinput")
    pk = int(manage(env, "shell", code=PREPARE))
    page, beacon = f"/news/{pk}.html", f"/views/{pk}/"
    server = Server(env, workdir / f"gunicorn-{name}.log")
    try:
        wrk(server, "page", page, beacon, 2, args.connections)  # warm-up
        # The two alternate, so that a change in the machine's load (it is
        # shared) weighs on both alike.
        rounds = [
            {mode: wrk(server, mode, page, beacon, args.seconds, args.connections) for mode in ("page", "view")}
            for _ in range(args.rounds)
        ]
        flush(env, redis)

        def per_second(mode, field):
            return round(sum(r[mode][field] for r in rounds) / sum(r[mode]["seconds"] for r in rounds), 1)

        result = {
            "pages_per_second": per_second("page", "pages"),
            "views_per_second": per_second("view", "counted"),
            "throughput_rounds": rounds,
            "exactness_beacon": exactness(env, server, pk, page, beacon, args, redis),
        }
        result["ratio"] = round(result["views_per_second"] / result["pages_per_second"], 3)
        if redis:
            result["exactness_with_sigkill"] = exactness(env, server, pk, page, beacon, args, redis, kill_worker=True)
    finally:
        log = server.stop()
    result["database_is_locked_in_log"] = log.count("database is locked")
    result["tracebacks_in_log"] = log.count("Traceback")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each load phase")
    parser.add_argument("--rounds", type=int, default=3, help="alternating page/view throughput phases")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/h_counter")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--only", default="", help="comma-separated configurations to run")
    parser.add_argument("--skip-rankings", action="store_true")
    parser.add_argument("--skip-load", action="store_true", help="only the ranking part")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-counter-"))
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Plain HTTP on 127.0.0.1, and the page itself rendered on every request
        # (the page cache would measure the cache, not the page).
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE": "false",
        "LOG_LEVEL": "WARNING",
        "VIEW_REPEAT_WINDOW": "0",
        # wrk names a client of its own in X-Forwarded-For for every beacon.
        "TRUSTED_PROXY_COUNT": "1",
        "CACHE_KEY_PREFIX": "bench-counter",
        "VAR_DIR": str(workdir),
    }
    # DEBUG off serves hashed static files from the manifest: build it once.
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=base, check=True)
    sqlite = f"sqlite:///{workdir / 'bench.sqlite3'}"
    configs = {
        "sqlite": {"DATABASE_URL": sqlite},
        "sqlite+redis": {"DATABASE_URL": sqlite, "REDIS_URL": args.redis},
        "postgresql": {"DATABASE_URL": args.postgres},
        "postgresql+redis": {"DATABASE_URL": args.postgres, "REDIS_URL": args.redis},
    }
    only = [] if args.skip_load else [name for name in args.only.split(",") if name] or list(configs)
    results = {
        "seconds": args.seconds,
        "rounds": args.rounds,
        "connections": args.connections,
        "worker_class": WORKER_CLASS,
        "load_average_at_start": os.getloadavg(),
        "configs": {},
        "rankings": {},
    }
    if not args.skip_rankings:
        for name, url in (("sqlite", sqlite), ("postgresql", args.postgres)):
            env = {**base, "DATABASE_URL": url}
            command = [PYTHON, "bench/view_counter_rankings.py"]
            out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
            results["rankings"][name] = json.loads(out)
    for name in only:
        print(f"running {name} ...", file=sys.stderr)
        results["configs"][name] = run_config(name, {**base, **configs[name]}, args, workdir)
    RESULTS.parent.mkdir(exist_ok=True)
    if RESULTS.exists():
        # A partial run (--only, --skip-*) replaces its own parts of the last results.
        previous = json.loads(RESULTS.read_text())
        results["configs"] = previous.get("configs", {}) | results["configs"]
        results["rankings"] = previous.get("rankings", {}) | results["rankings"]
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    text = summary(results)
    RESULTS.with_suffix(".txt").write_text(text)
    print(text)


def summary(results):
    """The figures as text: what bench/results/view_counter.txt keeps and the run prints."""
    lines = [
        f"view counter: gunicorn 3 {results['worker_class']} workers, {results['connections']} connections,"
        f" {results['rounds']} x {results['seconds']} s page/view, load average {results['load_average_at_start']}",
    ]
    for name, r in results["configs"].items():
        lines.append(
            f"{name:17} page {r['pages_per_second']:7.1f} pages/s"
            f" | page + beacon {r['views_per_second']:7.1f} views/s, ratio {r['ratio']:.2f}"
            f" | locked={r['database_is_locked_in_log']} tracebacks={r['tracebacks_in_log']}"
        )
        e = r["exactness_beacon"]
        lines.append(
            f"{'':17} exactness, beacon: counted {e['counted']} stored {e['stored_view_count']}/"
            f"{e['stored_daily_views']} exact={e['exact']} 5xx={e['server_errors']}"
            f" other={e['other_status']} socket errors={e['socket_errors']}"
        )
        if "exactness_with_sigkill" in r:
            k = r["exactness_with_sigkill"]
            lines.append(
                f"{'':17} SIGKILL run, beacon: counted {k['counted']} stored {k['stored_view_count']} "
                f"socket errors {k['socket_errors']} no answered hit lost={k['no_answered_hit_lost']}"
            )
    for name, r in results["rankings"].items():
        timings = ", ".join(f"{p} {v['median_ms']} ms" for p, v in r["periods"].items())
        lines.append(f"rankings {name}: {r['articles']} articles, {r['daily_rows']} daily rows: {timings}")
    for name, r in results["rankings"].items():
        for period, v in r["periods"].items():
            lines += ["", f"-- query plan, {name}, {period}:", v["plan"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
