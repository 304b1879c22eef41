"""Versioned cache keys: one number that every content change bumps.

Blocks that every page shows (navigation, sidebar, footer) are cached under a
key that contains the current content version. Saving or deleting any article,
category, source, tag, setting, promotion or footer page bumps the version, so
the next request misses the cache and renders fresh; old entries simply expire.
This works the same across workers and servers when the cache is Redis.

An entry never outlives the next scheduled publication either: a cached
"latest articles" block must not hide an article whose time has come.
"""

import time

from django.core.cache import cache

VERSION_KEY = "content-version"
DEFAULT_TIMEOUT = 300


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Seed with the clock so that a cache flush never brings back a
        # version number whose entries are still around.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version(**kwargs):
    """Signal receiver: any content change makes every cached block stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def seconds_until_next_publication():
    """Seconds until the next scheduled article goes live, or None."""
    version = content_version()
    key = f"next-publication:{version}"
    when = cache.get(key)
    if when is None:
        from news.models import Article

        first = Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        when = first.timestamp() if first else 0
        cache.set(key, when, DEFAULT_TIMEOUT)
    if not when:
        return None
    remaining = when - time.time()
    if remaining <= 0:
        # A scheduled article has just gone live: that is a content change.
        bump_content_version()
        return seconds_until_next_publication()
    return int(remaining) + 1


def cache_timeout(timeout=DEFAULT_TIMEOUT):
    """`timeout`, shortened so that nothing cached outlives the next scheduled publication."""
    remaining = seconds_until_next_publication()
    if remaining is None:
        return timeout
    return max(1, min(timeout, remaining))


def cached(name, compute, timeout=DEFAULT_TIMEOUT):
    """Return `compute()`, cached under `name` for the current content version."""
    key = f"block:{content_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_timeout(timeout))
    return value
