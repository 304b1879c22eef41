"""Benchmark settings: the production settings, plus the bench's own URLs."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
