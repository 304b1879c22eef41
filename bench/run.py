"""Load benchmarks of the portal under production settings: `make bench`.

For each data set (1k and 100k articles on SQLite; with --postgres also 1k and
1M on PostgreSQL) it fills a database with `generate_articles`, counts SQL
queries per page in-process (bench/probe.py), then starts the app server with
production settings (DEBUG off, 3 workers like the issue's reference figures)
and loads every page with wrk on 127.0.0.1, page cache off and on. On the
first data set it also compares gunicorn with granian, and measures nginx: a
static 40 KB file, and the article page through the front cache of
deploy/nginx/page-cache.conf. Results: bench/results/load-<set>.json and the table
bench/results/latest.md (bench/report.py); ratios are printed as it goes.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.report import write_report

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "bench" / "var"
RESULTS = REPO / "bench" / "results"
BIN = Path(sys.executable).parent
PYTHON = sys.executable
APP_PORT = 8791
NGINX_PORT = 8792
WORKERS = 3
CONNECTIONS = 32
GENERATORS = 3
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"
# Several people benchmark on one machine: each may name their own databases
# and Redis db (BENCH_DATABASE_PREFIX=h_me gives h_me_1k and h_me).
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "h_prod")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
SETS = {
    "1k": {"count": 1_000, "database": None},
    "100k": {"count": 100_000, "database": None},
    "pg-1k": {"count": 1_000, "database": f"{DATABASE_PREFIX}_1k"},
    "pg-1M": {"count": 1_000_000, "database": DATABASE_PREFIX},
}


def log(message):
    print(message, flush=True)


def app_env(name, *, page_cache, redis=False):
    """Production settings on 127.0.0.1: DEBUG off, plain HTTP (no TLS on the loopback)."""
    spec = SETS[name]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-key-" + "q7Rk2LmZ9xWc4VbN8tYp3HsJ6dFg1Ae5" * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "VAR_DIR": str(VAR / name),
        "STATIC_ROOT": str(VAR / "static"),
        "PAGE_CACHE": "true" if page_cache else "false",
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG": "false",
        "WEB_CONCURRENCY": str(WORKERS),
        "HOST": "127.0.0.1",
        "PORT": str(APP_PORT),
    }
    if spec["database"]:
        env["DATABASE_URL"] = POSTGRES.format(name=spec["database"])
    if redis:
        env.update(REDIS_URL=REDIS, CACHE_KEY_PREFIX="bench")
    return env


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=REPO, check=True, capture_output=capture, text=True
    )
    return result.stdout


def prepare(name):
    """Migrate and fill the data set's database up to its article count; return generation seconds."""
    spec = SETS[name]
    env = app_env(name, page_cache=False)
    if spec["database"]:
        exists = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                f"SELECT 1 FROM pg_database WHERE datname='{spec['database']}'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not exists:
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", spec["database"]], check=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    count = int(
        manage(
            env,
            "shell",
            "--no-imports",
            "-c",
            "from news.models import Article; print(Article.objects.count())",
            capture=True,
        )
    )
    seconds = 0.0
    if count < spec["count"]:
        missing = spec["count"] - count
        # PostgreSQL takes several writers, and one generator leaves a core idle while it waits for the
        # database: GENERATORS processes, each with its own seed (its own texts). SQLite takes one writer.
        jobs = GENERATORS if spec["database"] and missing >= 10_000 else 1
        log(f"[{name}] generating {missing} articles in {jobs} process(es) …")
        started = time.monotonic()
        processes = [
            subprocess.Popen(
                [PYTHON, "manage.py", "generate_articles", str(part), "--seed", str(seed), "--verbosity", "0"],
                env=env,
                cwd=REPO,
            )
            for seed, part in enumerate([missing // jobs + (n < missing % jobs) for n in range(jobs)], start=1)
        ]
        if any([process.wait() for process in processes]):
            sys.exit(f"[{name}] generate_articles failed")
        seconds = time.monotonic() - started
        log(f"[{name}] generated in {seconds:.0f} s")
    if spec["database"]:
        # What autovacuum does some minutes after a bulk load: planner statistics
        # and the visibility map (index-only scans). Measuring before it has run
        # measured a database no live site has: 1 s instead of 30 ms for page 5000.
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", spec["database"], "-qc", "VACUUM ANALYZE"], check=True
        )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return seconds


def probe(name):
    env = app_env(name, page_cache=False)
    output = subprocess.run(
        [PYTHON, "-m", "bench.probe"], env=env, cwd=REPO, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Server:
    """An app server (gunicorn or granian) in its own process group, stopped by its id."""

    def __init__(self, kind, env):
        self.kind, self.env = kind, env

    def __enter__(self):
        if self.kind == "granian":
            command = [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(APP_PORT),
                "--workers",
                str(WORKERS),
                "--blocking-threads",
                "1",
                "--log-level",
                "warning",
                "portal.wsgi:application",
            ]
        else:
            command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "portal.wsgi"]
        self.process = subprocess.Popen(command, env=self.env, cwd=REPO, start_new_session=True)
        wait_for(f"http://127.0.0.1:{APP_PORT}/healthz")
        return self

    def __exit__(self, *exc):
        stop(self.process)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def wrk(url, duration, method="GET"):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "5s", "-s", "bench/report.lua", url]
    env = {**os.environ, "WRK_METHOD": method}
    output = subprocess.run(command, env=env, cwd=REPO, check=True, capture_output=True, text=True).stdout
    data = json.loads(output.strip().splitlines()[-1])
    errors = sum(data[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "requests": data["requests"],
        "errors": errors,
    }


def load(base, name, path, duration, method="GET"):
    url = base + path
    wrk(url, min(2, duration), method)  # warm up: templates compiled, blocks cached
    result = wrk(url, duration, method)
    log(
        f"  {name:<16} {result['rps']:8.0f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p99 {result['p99_ms']:7.1f} ms  errors {result['errors']}"
    )
    return {"page": name, "path": path, **result}


def load_pages(name, pages, *, server, page_cache, duration, redis=False, only=None):
    label = f"{'on' if page_cache else 'off'}{' (Redis)' if redis else ''}"
    log(f"[{name}] {server}, page cache {label}")
    if redis:
        # The bench's own Redis db, emptied: no set's buffered views or cached
        # pages (the key prefix is the same for every set) reach another's run.
        subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    rows = []
    with Server(server, app_env(name, page_cache=page_cache, redis=redis)):
        for page, path in pages.items():
            if only and page not in only:
                continue
            rows.append(
                {"server": server, "cache": label, **load(f"http://127.0.0.1:{APP_PORT}", page, path, duration)}
            )
    return rows


def load_beacon(name, beacon, *, server, duration):
    with Server(server, app_env(name, page_cache=True)):
        row = load(f"http://127.0.0.1:{APP_PORT}", "view beacon POST", beacon, duration, method="POST")
    return [{"server": server, "cache": "n/a", **row}]


def load_nginx(name, article_path, *, server, duration):
    """nginx's static-file rate, and the article page through the nginx front cache."""
    nginx_var = VAR / "nginx"
    shutil.rmtree(nginx_var, ignore_errors=True)
    (nginx_var / "nginx-static" / "bench").mkdir(parents=True)
    (nginx_var / "nginx-static" / "bench" / "static.html").write_bytes(b"x" * 40 * 1024)
    config = (REPO / "bench" / "nginx.conf.in").read_text()
    for placeholder, value in {"VAR": nginx_var, "APP_PORT": APP_PORT, "PORT": NGINX_PORT, "REPO": REPO}.items():
        config = config.replace(f"@@{placeholder}@@", str(value))
    (nginx_var / "nginx.conf").write_text(config)
    log(f"[{name}] nginx front cache → {server}, page cache on")
    rows = []
    with Server(server, app_env(name, page_cache=True)):
        process = subprocess.Popen(["nginx", "-c", str(nginx_var / "nginx.conf")], start_new_session=True)
        try:
            base = f"http://127.0.0.1:{NGINX_PORT}"
            wait_for(base + "/bench/static.html")
            with urllib.request.urlopen(base + article_path) as first:
                first.read()
            with urllib.request.urlopen(base + article_path) as second:
                front = second.headers.get("X-Front-Cache")
            log(f"  front cache status on a repeat request: {front}")
            rows.append(
                {
                    "server": "nginx",
                    "cache": "static file",
                    **load(base, "static 40 KB", "/bench/static.html", duration),
                }
            )
            rows.append(
                {
                    "server": f"nginx → {server}",
                    "cache": "front + page",
                    **load(base, "article", article_path, duration),
                }
            )
        finally:
            stop(process)
    return rows


def run_set(name, *, duration, server, compare_servers, with_nginx, with_redis):
    generated = prepare(name)
    load_before = os.getloadavg()[0]
    probed = probe(name)
    pages = {page: info["path"] for page, info in probed["pages"].items() if info["status"] == 200}
    for page, info in probed["pages"].items():
        if info["status"] != 200:
            log(f"[{name}] skipping {page} ({info['path']}): status {info['status']}")
    rows = []
    for page_cache in (False, True):
        rows += load_pages(name, pages, server=server, page_cache=page_cache, duration=duration)
    if with_redis:
        rows += load_pages(
            name,
            pages,
            server=server,
            page_cache=True,
            duration=duration,
            redis=True,
            only={"minimal view", "one-row template", "home", "article"},
        )
    if probed["beacon"]:
        rows += load_beacon(name, probed["beacon"], server=server, duration=duration)
    if compare_servers:
        other = "granian" if server == "gunicorn" else "gunicorn"
        for page_cache in (False, True):
            rows += load_pages(
                name,
                pages,
                server=other,
                page_cache=page_cache,
                duration=duration,
                only={"minimal view", "one-row template", "home", "article"},
            )
    if with_nginx:
        rows += load_nginx(name, pages["article"], server=server, duration=duration)
    result = {
        "set": name,
        "articles": probed["articles"],
        "generated_seconds": round(generated),
        "queries": probed["pages"],
        "rows": rows,
        "duration": duration,
        # The 1-minute load average before and after: other jobs on the machine.
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
        ).stdout.strip(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"load-{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        action="store_true",
        default=os.environ.get("BENCH_POSTGRES") == "1",
        help="Also run the PostgreSQL sets (1k and 1M articles; generating 1M takes minutes).",
    )
    parser.add_argument("--sets", nargs="*", help=f"Only these sets, among {', '.join(SETS)}.")
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", 12)),
        help="Seconds per measurement (default 12).",
    )
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", "granian"), choices=["gunicorn", "granian"])
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y {tool}")
    names = args.sets or (["1k", "100k"] + (["pg-1k", "pg-1M"] if args.postgres else []))
    for index, name in enumerate(names):
        first = index == 0
        run_set(
            name,
            duration=args.duration,
            server=args.server,
            compare_servers=first,
            with_nginx=first,
            with_redis=name in ("100k", "pg-1k", "pg-1M"),
        )
    print(write_report(RESULTS))


if __name__ == "__main__":
    main()
