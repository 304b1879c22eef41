"""Django's local-memory and Redis cache backends, without the memcached key check.

`BaseCache.validate_key` warns about keys that memcached would refuse, and
walks every key one character at a time in Python to find out: 5 µs a read,
and an article page reads its cached fragments a dozen times. Neither backend
here is memcached, and our keys are names, numbers and md5 digests
(portal.caching). Django's cache documentation suggests a subclass that
overrides `validate_key` for this.
"""

from django.core.cache.backends import locmem, redis


class LocMemCache(locmem.LocMemCache):
    def validate_key(self, key):
        pass


class RedisCache(redis.RedisCache):
    def validate_key(self, key):
        pass
