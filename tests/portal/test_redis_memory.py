"""Redis under deploy/redis/portal.conf's policy: a flood of cached pages never evicts unflushed views."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs the redis-server program")

CONFIG = Path(django_settings.BASE_DIR) / "deploy" / "redis" / "portal.conf"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def small_redis(tmp_path):
    """A Redis of our own with the deployment's policy and a tiny memory limit."""
    port = free_port()
    arguments = []
    for line in CONFIG.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, *values = line.split()
            arguments += [f"--{name}", *values]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(tmp_path),
            *arguments,
            "--maxmemory",
            "4mb",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port, client
    server.terminate()
    server.wait(5)


def test_a_flood_of_pages_evicts_pages_not_views(small_redis, settings):
    port, client = small_redis
    assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "volatile-lru"
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache_backends.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    cache = caches["default"]
    client.hset("portal-test:views:pending", mapping={f"{n}:2026-12-04": 1 for n in range(1, 101)})
    page = b"x" * 20_000
    for n in range(1_000):  # 20 MB of pages into 4 MB
        cache.set(f"page:{n}", page, 300)
    assert client.info("memory")["used_memory"] <= 5 * 1024 * 1024
    assert client.info("stats")["evicted_keys"] > 0
    assert len(client.hgetall("portal-test:views:pending")) == 100
    assert cache.get("page:999") == page
