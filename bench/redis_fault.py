"""Redis fault run (issue 15): stop Redis in the middle of a load run and start it again.

A Redis of its own (a free port, deploy/redis/portal.conf's settings, its dump
under bench/var/redis-fault) serves the app server (granian, 3 workers,
production settings, page cache on, the 1k SQLite set). Reader threads load
the home page, article pages and each article's beacon (POST, same-origin, a
client address of their own) for --seconds; after a third of it Redis is
stopped (SIGTERM: it saves its dump on the way down, as the deployment's
`save` line says) for --outage seconds, then started again on the same dump.

Afterwards the buffer is flushed (`manage.py flush_views`) and the database's
view counts are compared with the beacons that answered "counted": every
counted view must be there, and no request may have answered 5xx.

    flock /tmp/bench.lock .venv/bin/python -m bench.redis_fault [--seconds 30] [--outage 8]
"""

import argparse
import json
import random
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

from bench import run

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
CONFIG = run.REPO / "deploy" / "redis" / "portal.conf"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Redis:
    """redis-server on `port` with the deployment's settings, stopped and started on its dump."""

    def __init__(self, port, folder):
        self.port, self.folder = port, folder
        self.process = None

    def start(self):
        options = []
        for line in CONFIG.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                name, *values = line.split()
                options += [f"--{name}", *values]
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), *options],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


def request(url, *, method="GET", headers=None):
    """(status, body); status 0 for no answer at all."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def reader(base, articles, stop, tally, counted, lock, latencies):
    rng = random.Random()
    while not stop.is_set():
        article = rng.choice(articles)
        phase = tally["phase"]
        for path, method in (("/", "GET"), (f"/news/{article}.html", "GET"), (f"/views/{article}/", "POST")):
            address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            headers = {
                "User-Agent": BROWSER,
                "X-Forwarded-For": address,
                "Sec-Fetch-Site": "same-origin",
                "Origin": base,
            }
            started = time.monotonic()
            status, body = request(base + path, method=method, headers=headers)
            with lock:
                latencies[phase].append(time.monotonic() - started)
                tally[(phase, "requests")] += 1
                if status >= 500 or status == 0:
                    tally[(phase, "5xx or no answer")] += 1
            if method == "POST" and status == 200 and json.loads(body).get("counted"):
                with lock:
                    counted[article] += 1


def stored_counts(env):
    code = (
        "import json; from news.models import Article; "
        "print(json.dumps(dict(Article.objects.values_list('pk', 'view_count'))))"
    )
    return {
        int(pk): views
        for pk, views in json.loads(run.manage(env, "shell", "--no-imports", "-c", code, capture=True)).items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--outage", type=float, default=8)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    run.prepare("1k")
    folder = run.VAR / "redis-fault"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    redis = Redis(free_port(), folder)
    redis.start()
    env = run.app_env("1k", page_cache=True)
    env.update(
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        CACHE_KEY_PREFIX="bench-fault",
        # Each request is a reader of its own (X-Forwarded-For through one trusted proxy): all count.
        TRUSTED_PROXY_COUNT="1",
        VIEW_REPEAT_WINDOW="0",
        VIEW_CLIENT_LIMIT="0",
    )
    before = stored_counts(env)
    articles = random.Random(1).sample(sorted(before), 50)
    tally, counted, lock, stop = Counter(phase="before"), Counter(), threading.Lock(), threading.Event()
    latencies = defaultdict(list)
    base = f"http://127.0.0.1:{run.APP_PORT}"
    try:
        with run.Server("granian", env):
            threads = [
                threading.Thread(target=reader, args=(base, articles, stop, tally, counted, lock, latencies))
                for _ in range(args.threads)
            ]
            for thread in threads:
                thread.start()
            time.sleep(args.seconds / 3)
            tally["phase"] = "Redis down"
            redis.stop()
            run.log(f"Redis stopped for {args.outage:.0f} s")
            health = request(base + "/healthz")
            time.sleep(args.outage)
            redis.start()
            tally["phase"] = "after restart"
            run.log("Redis started again")
            time.sleep(max(0.0, args.seconds * 2 / 3 - args.outage))
            stop.set()
            for thread in threads:
                thread.join()
        run.manage(env, "flush_views")
        after = stored_counts(env)
    finally:
        redis.stop()
    stored = sum(after[pk] - before[pk] for pk in articles)
    print()
    print("| phase | requests | 5xx or no answer | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for phase in ("before", "Redis down", "after restart"):
        times = sorted(latencies[phase]) or [0]
        p50, p95 = times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000
        requests, failed = tally[(phase, "requests")], tally[(phase, "5xx or no answer")]
        print(f"| {phase} | {requests} | {failed} | {p50:.0f} | {p95:.0f} |")
    print()
    print(f"- /healthz while Redis was down: {health[0]} {health[1].decode()}")
    print(f"- views answered counted: {sum(counted.values())}; in the database after the flush: {stored}")
    wrong = {pk: (counted[pk], after[pk] - before[pk]) for pk in articles if counted[pk] != after[pk] - before[pk]}
    print(f"- articles whose stored count differs from the counted answers: {len(wrong)} {wrong or ''}")


if __name__ == "__main__":
    main()
