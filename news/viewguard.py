"""The view counter's server-side limits on one client, kept without personal data.

A client is a keyed hash of its IP address and user agent under a salt that
changes every day and is derived from SECRET_KEY (what Plausible does): the
server stores no address, and yesterday's hashes cannot be linked to today's.
Per client:

- one counted view per article per repeat window, also for a client that drops
  its cookies;
- at most `VIEW_CLIENT_LIMIT` counted views a minute across all articles.

The keys live in Redis when `REDIS_URL` is set (shared by every worker), else
in a local-memory cache of this process; while Redis is unreachable the local
cache applies the same rules.
"""

import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.clients import client_ip

from . import viewbuffer

# Process-local keys: a full cache forgets its oldest third, which lets a few
# views count again, never breaks one.
LOCAL = LocMemCache("news-viewguard", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 100_000}})
_local_lock = threading.Lock()

# KEYS: seen (the client's view of the article), rate (its views this minute).
# ARGV: repeat window in seconds (0: no repeat rule), VIEW_CLIENT_LIMIT (0: none).
# Returns 1 when the view counts, having recorded it, else 0.
ADMIT_SCRIPT = """
local window, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if window > 0 and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if limit > 0 and tonumber(redis.call('GET', KEYS[2]) or '0') >= limit then return 0 end
if window > 0 then redis.call('SET', KEYS[1], 1, 'EX', window) end
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 60)
return 1
"""


def client_id(request):
    """The client's hash for today; the same address and browser get another one tomorrow."""
    salt = f"news.viewguard.client:{timezone.localdate().isoformat()}"
    return salted_hmac(salt, f"{client_ip(request)}\n{request.META.get('HTTP_USER_AGENT', '')}").hexdigest()[:24]


def admit(request, article_id, window):
    """Whether this client's view of the article counts by the server's keys; records it if so."""
    client = client_id(request)
    limit = max(0, settings.VIEW_CLIENT_LIMIT)
    seen, rate = f"seen:{client}:{article_id}", f"rate:{client}:{int(time.time() // 60)}"
    if viewbuffer.available():
        try:
            keys = [viewbuffer.key(seen), viewbuffer.key(rate)]
            return bool(viewbuffer.script(ADMIT_SCRIPT)(keys=keys, args=[window, limit]))
        except redis.RedisError as error:
            viewbuffer.failed(error)  # the limits use this process's memory meanwhile
    return _admit_locally(seen, rate, window, limit)


def _admit_locally(seen, rate, window, limit):
    # One lock makes the check and the record one step, as the script is in Redis.
    with _local_lock:
        if window and LOCAL.has_key(seen):
            return False
        views = LOCAL.get(rate, 0)
        if limit and views >= limit:
            return False
        if window:
            LOCAL.set(seen, 1, timeout=window)
        LOCAL.set(rate, views + 1, timeout=60)
        return True
