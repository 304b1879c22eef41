"""A publishing wave (issue 20): 1,000 scheduled articles going live within one minute.

Target: every one pushed (Baidu and IndexNow, to local stand-ins) within two
minutes of the minute's start, with the reader pages' p95 unchanged meanwhile.

    flock /tmp/bench.lock .venv/bin/python bench/publishing_wave.py [--articles 1000] [--workers 2]

On a fresh SQLite database in a temporary folder (or DATABASE_URL: a database
of your own, it is filled). It generates an archive, starts the production
server (granian, DEBUG off, page cache on) and `run_worker` processes, loads
the home page and an article page with wrk for a baseline, then schedules the
wave to start 30 s later, spread over 60 s, and loads the same pages again
while the workers' clocks find the articles and push them. A push counts
when the stand-in received it. Figures go to bench/results/publishing_wave-<database>.txt.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.run import stop, wait_for  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
APP_PORT = 8201
STAND_IN_PORT = 8202
ARCHIVE = 2000
LEAD = 30  # seconds from scheduling to the wave's first article
WINDOW = 60  # the wave's articles go live over this many seconds
DEADLINE = 120  # all pushed within this many seconds of the wave's start


class StandIn:
    """Baidu's and IndexNow's endpoints on 127.0.0.1: records (arrival time, engine, URL)."""

    def __init__(self):
        self.pushes = []
        lock = threading.Lock()
        pushes = self.pushes

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                arrived = time.time()
                if self.path.startswith("/urls"):
                    urls, answer = body.split(), {"remain": 100000, "success": len(body.split())}
                    engine = "baidu"
                else:
                    urls, answer, engine = json.loads(body)["urlList"], {}, "indexnow"
                with lock:
                    pushes.extend((arrived, engine, url) for url in urls)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", STAND_IN_PORT), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def environment(var_dir):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-key-" + "q7Rk2LmZ9xWc4VbN8tYp3HsJ6dFg1Ae5" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
        "PUBLISHING_THUMBNAILS": "false",
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def pushing(env):
    return {
        **env,
        "BAIDU_PUSH_SITE": env["SITE_URL"],
        "BAIDU_PUSH_TOKEN": "bench-token",
        "BAIDU_PUSH_ENDPOINT": f"http://127.0.0.1:{STAND_IN_PORT}/urls",
        "INDEXNOW_KEY": "bench0123456789ab",
        "INDEXNOW_ENDPOINT": f"http://127.0.0.1:{STAND_IN_PORT}/indexnow",
        "PUBLISHING_CLOCK_INTERVAL": "2",
    }


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=REPO, check=True)


def schedule_wave(count, start):
    """Copy `count` archive articles as new ones going live from `start` over WINDOW seconds (no signals)."""
    from news.models import Article

    template = list(Article.objects.order_by("pk")[:count])
    wave = []
    for index, article in enumerate(template):
        article.pk = None
        article.import_key = article.original_url = None
        article.title = f"定时发布 {index} · {article.title}"[:200]
        article.published_at = start + timedelta(seconds=WINDOW * index / count)
        wave.append(article)
    return {article.pk: article.published_at.timestamp() for article in Article.objects.bulk_create(wave)}


def readers(path, rate, duration):
    """Readers arriving at `rate` per second for `duration` seconds (paced, not as fast as possible).

    A closed loop like wrk's would keep both cores busy by itself, and measure the
    queue rather than the page. Returns {"rps", "p50_ms", "p95_ms", "p99_ms", "errors"}.
    """
    connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
    headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36"}
    latencies, errors = [], 0
    began = time.monotonic()
    for n in range(int(rate * duration)):
        due = began + n / rate
        time.sleep(max(0.0, due - time.monotonic()))
        sent = time.monotonic()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=10)
            continue
        # From when the reader was due: a late start (the client waiting) counts too.
        latencies.append((time.monotonic() - min(sent, due)) * 1000)
    connection.close()
    return {
        "rps": len(latencies) / (time.monotonic() - began),
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "errors": errors,
    }


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * share))]


def main():
    # A `timeout` or Ctrl+C stops the servers and workers too (they hold the bench lock).
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=2, help="run_worker processes (0: the control run, nothing pushed)"
    )
    parser.add_argument("--rate", type=float, default=20, help="reader requests per second, per page")
    options = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-wave-"))
    env = environment(var_dir)
    os.environ.update(env)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    # The archive is generated with no push switched on: its events push nothing.
    manage(env, "generate_articles", str(ARCHIVE), "--verbosity", "0")

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from news.models import Article

    stand_in = StandIn()
    article_path = Article.objects.published().order_by("-published_at")[ARCHIVE // 2].get_absolute_url()
    processes = [
        subprocess.Popen(
            [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(APP_PORT),
                "--workers",
                "2",
                "--log-level",
                "warning",
                "portal.wsgi:application",
            ],
            env=pushing(env),
            cwd=REPO,
            start_new_session=True,
        )
    ]
    processes += [
        subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--verbosity", "0", "--interval", "0.5"],
            env=pushing(env),
            cwd=REPO,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(options.workers)
    ]
    base = f"http://127.0.0.1:{APP_PORT}"
    pages = {"home": "/", "article": article_path}
    try:
        wait_for(base + "/healthz")
        for path in pages.values():
            readers(path, 20, 2)  # warm up
        start = timezone.now() + timedelta(seconds=LEAD)
        wave = schedule_wave(options.articles, start)
        connection.close()
        results = {}

        def load(phase, duration):
            threads = []
            for name, path in pages.items():

                def run(name=name, path=path):
                    results[(phase, name)] = readers(path, options.rate, duration)

                threads.append(threading.Thread(target=run))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        load("before", LEAD - 5)
        while time.time() < start.timestamp():
            time.sleep(0.1)
        load("during", WINDOW + 15)
        deadline = start.timestamp() + DEADLINE + 60
        while options.workers and time.time() < deadline:
            pushed = {url for _when, engine, url in stand_in.pushes if engine == "baidu"}
            if len(pushed) >= len(wave):
                break
            time.sleep(1)
    finally:
        for process in processes:
            stop(process)

    first_push = {}
    for arrived, engine, url in stand_in.pushes:
        first_push.setdefault((engine, url), arrived)
    lags, missing, finish = {}, {}, {}
    for engine in ("baidu", "indexnow"):
        lags[engine] = []
        missing[engine] = 0
        for pk, live in wave.items():
            url = f"{base}/news/{pk}.html"
            if (engine, url) in first_push:
                lags[engine].append(first_push[(engine, url)] - live)
            else:
                missing[engine] += 1
        arrivals = [first_push[key] for key in first_push if key[0] == engine]
        finish[engine] = (max(arrivals) - start.timestamp()) if arrivals else float("nan")
    duplicates = len(stand_in.pushes) - len(first_push)
    database = "postgresql" if "postgres" in env.get("DATABASE_URL", "") else "sqlite"
    lines = [
        f"publishing wave: {len(wave)} articles going live over {WINDOW} s, {options.workers} run_worker processes, "
        f"granian 2 workers, {database}, archive {ARCHIVE}; readers: {options.rate:g} requests/s on each page",
        f"command: flock /tmp/bench.lock .venv/bin/python bench/publishing_wave.py --articles {options.articles} "
        f"--workers {options.workers} --rate {options.rate:g}",
        "",
        "| engine | pushed | missing | last push after the wave's start | lag p50 | lag p95 | lag max |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for engine in ("baidu", "indexnow"):
        values = lags[engine] or [float("nan")]
        lines.append(
            f"| {engine} | {len(lags[engine])} | {missing[engine]} | {finish[engine]:.1f} s | "
            f"{statistics.median(values):.1f} s | {percentile(values, 0.95):.1f} s | {max(values):.1f} s |"
        )
    lines += [
        f"duplicate pushes: {duplicates}",
        "",
        "| page | phase | req/s | p50 | p95 | p99 | errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (phase, name), row in sorted(results.items(), key=lambda item: (item[0][1], item[0][0] != "before")):
        lines.append(
            f"| {name} | {phase} | {row['rps']:.0f} | {row['p50_ms']:.1f} ms | {row['p95_ms']:.1f} ms | "
            f"{row['p99_ms']:.1f} ms | {row['errors']} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    suffix = "" if options.workers else "-control"
    out = REPO / "bench" / "results" / f"publishing_wave-{database}{suffix}.txt"
    out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
