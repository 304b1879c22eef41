"""The file cache (the cache without Redis) still keeps to MAX_ENTRIES, counting its files once a second."""

import time

from portal.cache_backends import FileBasedCache


def test_the_file_cache_is_culled_once_its_count_is_due(tmp_path, monkeypatch):
    monkeypatch.setattr(FileBasedCache, "CULL_SECONDS", 0.2)
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    started = time.monotonic()
    for n in range(40):
        cache.set(f"entry-{n}", n)
    files = len(list(tmp_path.glob("*.djcache")))
    if time.monotonic() - started < FileBasedCache.CULL_SECONDS:
        assert files == 40  # counted at the first write only: a second's writes overshoot
    time.sleep(FileBasedCache.CULL_SECONDS)
    cache.set("after", 1)
    # Counted again: half of the entries (CULL_FREQUENCY 2) went, then "after" was written.
    assert len(list(tmp_path.glob("*.djcache"))) <= files // 2 + 1
    assert cache.get("after") == 1
