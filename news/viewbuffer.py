"""A Redis buffer for view hits, written to the database in batches.

Without it every counted view is a database write; with `REDIS_URL` set a
hit is one script run in Redis (no SQL once Redis holds the article's total)
and the database sees one batch every few seconds.

Keys (under the cache key prefix):

- `views:pending`: hash "article_id:YYYY-MM-DD" -> hits not yet written.
- `views:flushing` and `views:flushing-batch`: the batch being written, and its
  number.
- `views:flush-lock`: held by the one process writing a batch.
- `views:flush-due`: set for `VIEW_FLUSH_INTERVAL` seconds after a request
  started a flush, so that one request per interval flushes and nothing
  depends on cron.
- `views:total:<article_id>`: the article's count (database plus buffer),
  kept for `TOTAL_SECONDS` so that a hit needs no SQL; each hit increments it.
- `views:generation`: finished flushes. A total is stored only when no flush
  finished or was under way between reading the database and storing it, so
  it never counts a batch twice or misses one (HIT_SCRIPT).

Nothing is lost or counted twice when a process dies at any point. A hit is
answered only after Redis has it. A batch is claimed by renaming `pending` to
`flushing` (one Lua script, atomic), written to the database in one
transaction that stamps every DailyViews row it touches with the batch number,
and deleted from Redis only after the commit. A flusher killed before the
commit leaves the batch in Redis for the next flush; one killed after the
commit leaves a batch whose rows already carry its number, so the next flush
skips them.
"""

import logging
import secrets
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F

from portal.cache_backends import Outage

from .models import Article, DailyViews

logger = logging.getLogger(__name__)

# A flush that takes longer than this lets another process take over the same
# batch; that is safe (rows already stamped are skipped), only wasted work.
LOCK_MILLISECONDS = 60_000

# KEYS: pending, flushing, flushing-batch. ARGV: a new batch number.
# Returns the batch to write: a left-over one first, else pending renamed.
CLAIM_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then
  local batch = redis.call('GET', KEYS[3])
  if batch then return batch end
  redis.call('SET', KEYS[3], ARGV[1])
  return ARGV[1]
end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SET', KEYS[3], ARGV[1])
return ARGV[1]
"""

# Delete the lock only if this process still holds it.
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_clients = {}
_scripts = {}
# A client that loses the race to be stored would be garbage-collected and
# close its connections under the thread still using it (redis-py closes its
# pool in __del__): create clients under a lock.
_clients_lock = threading.Lock()


def enabled():
    return bool(settings.REDIS_URL)


# After a failure Redis is left alone for a second (views go to the database
# meanwhile), and the outage is logged once a minute, as the cache does.
outage = Outage("Redis unavailable for the view counter, counting in the database meanwhile: %s")


def available():
    """Configured, and not failed in the last second."""
    return enabled() and not outage.is_down()


def failed(error):
    """Note that Redis failed for the view counter."""
    outage.failed(error)


def client():
    url = settings.REDIS_URL
    with _clients_lock:
        if url not in _clients:
            # As the cache's (portal.settings): a hung Redis costs a view a quarter second, then the database counts it.
            _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.25)
        return _clients[url]


def key(name):
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:views:{name}"


def _field(article_id, day):
    return f"{article_id}:{day.isoformat()}"


# How long an article's total stays in Redis: it is read from the database
# again after that (and it would only be off if hits were written to the
# database past Redis, while Redis was unreachable).
TOTAL_SECONDS = 600

# KEYS: pending, flushing, flush-due, total, generation. ARGV: today's field,
# yesterday's field, 1 to count the hit (0 to only read), the flush interval,
# TOTAL_SECONDS, the count read from the database ('' if not read yet), and
# the generation seen before reading it. Returns {0, generation, 0} when the
# database must be read first (nothing is counted then), else {1, the
# article's count, 1 if a flush is due}. With the database's count it stores
# the total too, unless a flush finished since (the generation) or is under
# way (`flushing`): then every hit is either in that count or still pending.
HIT_SCRIPT = """
local known = redis.call('EXISTS', KEYS[4]) == 1
if not known and ARGV[6] == '' then
  return {0, tonumber(redis.call('GET', KEYS[5]) or '0'), 0}
end
local counted = ARGV[3] == '1'
if counted then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
local due = 0
if counted and redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[4]) then due = 1 end
if known then
  if counted then return {1, redis.call('INCR', KEYS[4]), due} end
  return {1, tonumber(redis.call('GET', KEYS[4])), due}
end
local buffered = {0, 0}
for index, hash in ipairs({KEYS[1], KEYS[2]}) do
  for _, value in ipairs(redis.call('HMGET', hash, ARGV[1], ARGV[2])) do
    if value then buffered[index] = buffered[index] + tonumber(value) end
  end
end
local total = tonumber(ARGV[6]) + buffered[1]
if tonumber(redis.call('GET', KEYS[5]) or '0') == tonumber(ARGV[7]) and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[4], total, 'EX', ARGV[5])
  return {1, total, due}
end
return {1, total + buffered[2], due}
"""


def count_view(article_id, day, stored_count, *, counted=True):
    """Buffer one hit (if `counted`) and return the article's count: the database's plus the buffer's.

    One round trip while Redis holds the article's total, which is all a hit
    then needs. Otherwise the database's count is read (`stored_count()`)
    and the hit is counted in a second round trip, which also stores the
    total for the next hits; a database error then leaves nothing counted.
    """
    # Hits reach the database within seconds, so a count's unwritten part sits
    # under today's or, just after midnight, yesterday's date.
    keys = [key("pending"), key("flushing"), key("flush-due"), key(f"total:{article_id}"), key("generation")]
    args = [
        _field(article_id, day),
        _field(article_id, day - timedelta(days=1)),
        int(counted),
        max(1, settings.VIEW_FLUSH_INTERVAL),
        TOTAL_SECONDS,
    ]
    ready, value, due = script(HIT_SCRIPT)(keys=keys, args=[*args, "", ""])
    if not ready:
        ready, value, due = script(HIT_SCRIPT)(keys=keys, args=[*args, stored_count(), value])
    if due:
        # One request per VIEW_FLUSH_INTERVAL flushes: nothing depends on cron.
        try:
            flush(max_batches=2)
        except (redis.RedisError, DatabaseError):
            # The hits stay in Redis; the next flush writes them.
            logger.exception("Flushing buffered views failed; will retry")
    return value


def script(source):
    """`source` registered on the current client, sent by its hash (EVALSHA) once Redis knows it."""
    name = (settings.REDIS_URL, source)
    script = _scripts.get(name)
    if script is None:  # once per process: no lock on every hit
        r = client()
        with _clients_lock:
            script = _scripts.setdefault(name, r.register_script(source))
    return script


@dataclass
class FlushResult:
    batches: int = 0
    hits: int = 0
    dropped: int = 0
    busy: bool = False


def pending_hits():
    """Hits buffered in Redis and not yet in the database."""
    if not enabled():
        return 0
    pipe = client().pipeline()
    pipe.hvals(key("pending"))
    pipe.hvals(key("flushing"))
    return sum(int(value) for values in pipe.execute() for value in values)


def flush(max_batches=None):
    """Write buffered hits to the database; `max_batches` None means until the buffer is empty."""
    result = FlushResult()
    if not enabled():
        return result
    r = client()
    token = secrets.token_hex(8)
    if not r.set(key("flush-lock"), token, nx=True, px=LOCK_MILLISECONDS):
        result.busy = True
        return result
    try:
        while max_batches is None or result.batches < max_batches:
            batch = r.eval(
                CLAIM_SCRIPT,
                3,
                key("pending"),
                key("flushing"),
                key("flushing-batch"),
                secrets.randbits(62) or 1,
            )
            if batch is None:
                break
            entries = _parse(r.hgetall(key("flushing")))
            written, dropped = write_batch(int(batch), entries)
            # Deleting the batch and counting the flush as finished happen together (MULTI/EXEC).
            pipe = r.pipeline()
            pipe.delete(key("flushing"), key("flushing-batch"))
            pipe.incr(key("generation"))
            pipe.execute()
            result.batches += 1
            result.hits += written
            result.dropped += dropped
    finally:
        r.eval(RELEASE_SCRIPT, 1, key("flush-lock"), token)
    return result


def _parse(raw):
    entries = {}
    for field, value in raw.items():
        article_id, _sep, day = field.decode().partition(":")
        entries[(int(article_id), day)] = int(value)
    return entries


def write_batch(batch, entries):
    """Add one batch {(article_id, "YYYY-MM-DD"): hits} to the database; return (written, dropped).

    Hits of articles deleted meanwhile are dropped. Rows already stamped with
    `batch` (a batch written before a crash) are skipped.
    """
    with transaction.atomic():
        ids = sorted({article_id for article_id, _day in entries})
        existing = set()
        for start in range(0, len(ids), 500):
            existing.update(Article.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", flat=True))
        rows = [(a, date.fromisoformat(day), hits) for (a, day), hits in entries.items() if a in existing]
        per_article = Counter()
        for article_id, day in DailyViews.objects.add_views(rows, batch=batch):
            per_article[article_id] += entries[(article_id, day)]
        # One UPDATE per distinct amount: few statements, each a plain increment.
        by_amount = defaultdict(list)
        for article_id, hits in per_article.items():
            by_amount[hits].append(article_id)
        for hits, article_ids in by_amount.items():
            for start in range(0, len(article_ids), 500):
                Article.objects.filter(pk__in=article_ids[start : start + 500]).update(
                    view_count=F("view_count") + hits
                )
    dropped = sum(hits for (a, _day), hits in entries.items() if a not in existing)
    return sum(per_article.values()), dropped
