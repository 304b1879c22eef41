"""Django's cache backends, made optional: a cache that fails is a cache that misses.

The cache only ever saves work. When Redis is down or slow, every call here
answers as an empty cache would (a read misses, a write is dropped) instead of
raising, so pages render uncached and the site stays up. After a failure the
backend is skipped for `RETRY_SECONDS` (a dead Redis costs each request
nothing), and the outage is logged once a minute, not once a call.

When calls succeed again `recovered` is sent: whatever changed while writes
were dropped was never recorded in the cache, so portal.caching makes every
cached entry stale then.

Keys are not checked for memcached's rules either: `validate_key` walks every
key in Python, and neither backend is memcached (Django's documentation
suggests this override).
"""

import logging
import threading
import time

import redis
from django.core.cache.backends import filebased, locmem
from django.core.cache.backends import redis as django_redis
from django.dispatch import Signal

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0
LOG_SECONDS = 60.0
FAILURES = (redis.RedisError, OSError)

recovered = Signal()


class Outage:
    """A Redis that failed: skipped for RETRY_SECONDS, logged once a minute (`message` % error).

    Shared by the threads of a process; the cache backends and the view
    counter's buffer (news/viewbuffer.py) each keep one.
    """

    def __init__(self, message):
        self.message = message
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.failing = False
        self.logged_at = None

    def is_down(self):
        return self.down_until > time.monotonic()

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.down_until = now + RETRY_SECONDS
            self.failing = True
            should_log = self.logged_at is None or now - self.logged_at >= LOG_SECONDS
            if should_log:
                self.logged_at = now
        if should_log:
            logger.error(self.message, error)

    def succeeded(self):
        """True for the first success after a failure."""
        if not self.failing:
            return False
        with self.lock:
            was_failing, self.failing, self.logged_at = self.failing, False, None
        return was_failing

    def reset(self):
        self.down_until, self.failing, self.logged_at = 0.0, False, None


_health = {}
_health_lock = threading.Lock()


class OptionalCacheMixin:
    """Every cache call answers like a miss when the backend fails (see the module docstring)."""

    @property
    def health(self):
        with _health_lock:
            if self.location not in _health:
                _health[self.location] = Outage(f"cache {self.location} unavailable, serving uncached: %s")
            return _health[self.location]

    def _optional(self, method, fallback, *args, **kwargs):
        health = self.health
        if health.is_down():
            return fallback
        try:
            result = method(*args, **kwargs)
        except FAILURES as error:
            health.failed(error)
            return fallback
        if health.is_down():
            return result  # a call made inside this one failed (a file cache's get_many is many gets)
        if health.succeeded():
            logger.warning("cache available again: every cached entry is now stale")
            recovered.send(sender=type(self), cache=self)
        return result

    def get(self, key, default=None, version=None):
        return self._optional(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._optional(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._optional(super().has_key, False, key, version)

    def add(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._optional(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._optional(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._optional(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=django_redis.DEFAULT_TIMEOUT, version=None):
        return self._optional(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._optional(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._optional(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        # None, not a number: callers must not take a dropped increment for a count.
        return self._optional(super().incr, None, key, delta, version)

    def clear(self):
        return self._optional(super().clear, None)

    def validate_key(self, key):
        pass


class RedisCache(OptionalCacheMixin, django_redis.RedisCache):
    @property
    def location(self):
        return ",".join(self._servers)


class FileBasedCache(OptionalCacheMixin, filebased.FileBasedCache):
    # Django counts the entries, listing the whole directory, before every write: with
    # thousands of entries that is most of a write's cost (bench/list_pages.py, "feed, cold":
    # 135–236 → 20–29 CPU ms). Counted once a second, MAX_ENTRIES is overshot by a second's writes.
    CULL_SECONDS = 1.0
    _culled_at = -CULL_SECONDS

    def _cull(self):
        if time.monotonic() - self._culled_at >= self.CULL_SECONDS:
            self._culled_at = time.monotonic()
            super()._cull()

    # A full or read-only disk is a failure like a Redis outage.
    @property
    def location(self):
        return self._dir


class LocMemCache(locmem.LocMemCache):
    def validate_key(self, key):
        pass
