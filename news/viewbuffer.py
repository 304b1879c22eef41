"""A Redis buffer for view hits, written to the database in batches.

Without it every counted view is a write transaction; with `REDIS_URL` set a
hit is one HINCRBY and the database sees one batch every few seconds.

Keys (under the cache key prefix):

- `views:pending`: hash "article_id:YYYY-MM-DD" -> hits not yet written.
- `views:flushing` and `views:flushing-batch`: the batch being written, and its
  number.
- `views:flush-lock`: held by the one process writing a batch.
- `views:flush-due`: set for `VIEW_FLUSH_INTERVAL` seconds after a request
  started a flush, so that one request per interval flushes and nothing
  depends on cron.

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


def client():
    url = settings.REDIS_URL
    with _clients_lock:
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(url)
        return _clients[url]


def key(name):
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:views:{name}"


def _field(article_id, day):
    return f"{article_id}:{day.isoformat()}"


# KEYS: pending, flushing, flush-due. ARGV: today's field, yesterday's field,
# 1 to count the hit (0 to only read), the flush interval in seconds.
# Returns {hits buffered and not yet in the database, 1 if a flush is due}.
HIT_SCRIPT = """
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
local buffered = 0
for _, hash in ipairs({KEYS[1], KEYS[2]}) do
  for _, value in ipairs(redis.call('HMGET', hash, ARGV[1], ARGV[2])) do
    if value then buffered = buffered + tonumber(value) end
  end
end
local due = 0
if ARGV[3] == '1' and redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[4]) then due = 1 end
return {buffered, due}
"""


def buffer_view(article_id, day, *, counted=True):
    """Buffer one hit (if `counted`); return the article's hits buffered and not yet in the database.

    One round trip: a script runs atomically, so a claim cannot fall between
    the increment and the reads, and it also says when a flush is due.
    """
    # Hits reach the database within seconds, so a count's unwritten part sits
    # under today's or, just after midnight, yesterday's date.
    buffered, due = _hit_script()(
        keys=[key("pending"), key("flushing"), key("flush-due")],
        args=[
            _field(article_id, day),
            _field(article_id, day - timedelta(days=1)),
            int(counted),
            max(1, settings.VIEW_FLUSH_INTERVAL),
        ],
    )
    if due:
        # One request per VIEW_FLUSH_INTERVAL flushes: nothing depends on cron.
        try:
            flush(max_batches=2)
        except (redis.RedisError, DatabaseError):
            # The hits stay in Redis; the next flush writes them.
            logger.exception("Flushing buffered views failed; will retry")
    return buffered


def _hit_script():
    """HIT_SCRIPT on the current client, sent by its hash (EVALSHA) once Redis knows it."""
    r = client()
    with _clients_lock:
        if settings.REDIS_URL not in _scripts:
            _scripts[settings.REDIS_URL] = r.register_script(HIT_SCRIPT)
        return _scripts[settings.REDIS_URL]


@dataclass
class FlushResult:
    batches: int = 0
    hits: int = 0
    dropped: int = 0
    pending: int = 0
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
            r.delete(key("flushing"), key("flushing-batch"))
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
