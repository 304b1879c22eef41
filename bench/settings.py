"""Benchmark settings: the production settings, plus the bench's own URLs."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_COUNT_SQL") == "1":
    # bench/busy_hour.py: statements per request in a response header.
    MIDDLEWARE = ["bench.sql_count.SQLCountMiddleware", *MIDDLEWARE]  # noqa: F405
