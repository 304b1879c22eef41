"""The view counter: which requests count, and how a count is stored.

A view is counted in one of two places, never both:

- as the article page is served by Django, rendered or from the page cache
  (`news/middleware.py: ViewCountMiddleware`). The middleware writes the
  current count into the page in place of the beacon markup, so the reader
  sees an exact count and the browser sends nothing more;
- by the beacon the page carries (`news/views.py: view_beacon`, markup in
  `news/includes/view_count.html`) when Django did not count it: the page came
  from a front cache or CDN (which says so with the `X-View-Counter: beacon`
  request header), was a prefetch, or the request carried a session (staff are
  told apart only by the auth middleware, which the beacon runs through). The
  beacon's answer carries the current count; readers without JavaScript load
  its <noscript> image.

Not counted: HEAD, prefetch/prerender, known crawlers (the maintained
crawler-user-agents list), staff, anything for an article a reader may not see,
and a repeat view by the same browser within `VIEW_REPEAT_WINDOW` seconds. The
repeat rule keeps no personal data on the server: the browser holds a signed
cookie of the article ids it has recently been counted for, read by the page
and by the beacon alike (our page cache keys on the URL only).

Increments are single SQL statements (`view_count = view_count + 1`, an upsert
of `DailyViews`), never read-modify-write in Python. With Redis configured hits
go to a Redis buffer first (`news/viewbuffer.py`) and reach the database in
batches.
"""

import fcntl
import functools
import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

import redis
from crawleruseragents import is_crawler
from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone

from portal.caching import cached

from . import viewbuffer
from .models import Article, DailyViews

logger = logging.getLogger(__name__)

RECENT_COOKIE = "recent_views"
RECENT_SALT = "news.counters.recent"
# A cookie holds at most this many recent articles: about 20 bytes each, far
# below the 4 KB a browser keeps for one cookie.
RECENT_LIMIT = 50

# Headers browsers send on speculative loads: Chromium's prefetch and
# prerender (`Sec-Purpose: prefetch` / `prefetch;prerender`), the older
# `Purpose: prefetch`, Firefox's `X-Moz: prefetch`, Safari's preview.
PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
PREFETCH_WORDS = ("prefetch", "prerender", "preview")

# The request header a front cache (deploy/nginx/page-cache.conf) or CDN sends
# with `beacon`: the page it stores will be served to many readers, so the
# beacon must count each of them, and the page must stay shareable.
FRONT_CACHE_HEADER = "HTTP_X_VIEW_COUNTER"

# The counted copy of a page is this reader's own: no cache may keep it.
PRIVATE_CACHE_CONTROL = "max-age=0, no-cache, private"

# What the article page carries around its count and beacon (view_count.html).
# Article bodies cannot forge it: the sanitizer drops HTML comments.
PAGE_MARKUP = re.compile(rb"<!--view-count:(\d+)-->.*?<!--/view-count-->", re.DOTALL)


@functools.lru_cache(maxsize=4096)
def is_bot(user_agent):
    """True for an empty user agent or one on the crawler-user-agents list."""
    user_agent = user_agent.strip()
    return not user_agent or is_crawler(user_agent)


def is_prefetch(request):
    return any(word in request.META.get(header, "").lower() for header in PREFETCH_HEADERS for word in PREFETCH_WORDS)


def repeat_window():
    return max(0, settings.VIEW_REPEAT_WINDOW)


class RecentViews:
    """The articles this browser was counted for within the repeat window (a signed cookie)."""

    def __init__(self, request, now):
        self.now = int(now)
        self.window = repeat_window()
        self.seen = {}
        if not self.window:
            return
        raw = request.COOKIES.get(RECENT_COOKIE)
        if not raw:
            return
        try:
            raw = _recent_signer().unsign(raw, max_age=self.window)
        except signing.BadSignature:
            return  # a forged or expired cookie: its views count again
        for entry in raw.split(","):
            article_id, _sep, stamp = entry.partition(":")
            try:
                article_id, stamp = int(article_id), int(stamp, 36)
            except ValueError:
                continue  # a damaged entry only means one more view may count
            if 0 <= self.now - stamp < self.window:
                self.seen[article_id] = stamp

    def __contains__(self, article_id):
        return article_id in self.seen

    def add(self, article_id):
        self.seen[article_id] = self.now

    def set_cookie(self, response, request):
        if not self.window:
            return
        newest = sorted(self.seen.items(), key=lambda item: item[1], reverse=True)[:RECENT_LIMIT]
        value = ",".join(f"{article_id}:{_base36(stamp)}" for article_id, stamp in newest)
        response.set_cookie(
            RECENT_COOKIE,
            _recent_signer().sign(value),
            max_age=self.window,
            # Article pages and the beacon both read it.
            path="/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )


def _recent_signer():
    """The cookie's signer, as `set_signed_cookie` and `get_signed_cookie` would build it."""
    return _signer_for(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS), settings.SIGNING_BACKEND)


# Django builds the signer anew on every call (the backend imported by name,
# the keys derived from the secret), on every counted page. Keyed on the
# settings it reads, so that a changed key is used at once.
@functools.lru_cache(maxsize=8)
def _signer_for(secret_key, fallback_keys, backend):
    return signing.get_cookie_signer(salt=RECENT_COOKIE + RECENT_SALT)


def _base36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def should_count(request, article_id, recent):
    """Whether this request is a reader's view that counts (article visibility aside)."""
    if request.method not in ("GET", "POST"):
        return False
    if is_prefetch(request) or is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    # Pages are counted above the auth middleware, and only without a session,
    # so only the beacon has (and needs) a user to ask.
    user = getattr(request, "user", None)
    if user is not None and user.is_staff:
        return False
    return article_id not in recent


def counts_page(request):
    """Whether the article page served for this request should be counted as it is served.

    Otherwise the page keeps its beacon, which counts it (or not) once shown.
    A crawler gets the shared page untouched: it would not count, and it
    rarely runs the beacon (which would not count it either).
    """
    return not (
        FRONT_CACHE_HEADER in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or is_prefetch(request)
        or is_bot(request.META.get("HTTP_USER_AGENT", ""))
    )


def count_page(request, response):
    """Count the view of the article page in `response` and write its current count into it.

    The page is then this reader's own: marked private, without the ETag of
    the shared copy it was made from, so that no cache keeps it and every load
    reaches us. A page without the beacon markup (a preview, another page) is
    left alone, and so is one whose count could not be written: its beacon
    counts instead.
    """
    content = response.content
    found = PAGE_MARKUP.search(content)
    if found is None:
        return response
    article_id = int(found[1])
    recent = RecentViews(request, time.time())
    counted = should_count(request, article_id, recent)
    try:
        # The markup is only rendered for a published article, and a cached page
        # is dropped when that changes: no visibility query is needed.
        views = record_view(article_id, counted=counted, visible=True)
    except DatabaseError:
        logger.exception("Counting a view of article %s failed; its beacon will count it", article_id)
        return response
    start, end = found.span()
    content = b'%s<span class="view-count">%d</span>%s' % (content[:start], views, content[end:])
    response.content = content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))
    if response.has_header("ETag"):
        del response["ETag"]
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL
    if counted:
        recent.add(article_id)
        recent.set_cookie(response, request)
    return response


def is_visible(article_id):
    """Whether readers may see the article (`Article.objects.published()`), cached under the content version.

    Publishing, withdrawing or deleting an article bumps the version, and a
    scheduled article's time of publication ends the entry (portal.caching),
    so the answer is never stale while the beacon needs no ORM query.
    """
    return cached(f"article-visible:{article_id}", lambda: Article.objects.published().filter(pk=article_id).exists())


def record_view(article_id, *, counted=True, now=None, visible=False):
    """Count one view (if `counted`) and return the article's count, or None when readers may not see it.

    `visible`: the caller already knows that readers may see the article.
    """
    if not visible and not is_visible(article_id):
        return None
    day = timezone.localdate(now or timezone.now())
    if viewbuffer.enabled():
        try:
            return viewbuffer.count_view(article_id, day, lambda: stored_count(article_id), counted=counted)
        except redis.RedisError:
            logger.exception("Redis is unavailable: counting article %s in the database directly", article_id)
    if counted:
        return add_view(article_id, day)
    return stored_count(article_id)


# The two hottest statements are plain SQL: building them with the ORM costs
# ten times what SQLite takes to run them. Visibility is settled before.
def _article_sql(template):
    quote = connection.ops.quote_name
    return template.format(table=quote(Article._meta.db_table), count=quote("view_count"), pk=quote("id"))


def stored_count(article_id):
    """The article's view_count as the database holds it (0 if it is gone)."""
    with connection.cursor() as cursor:
        cursor.execute(_article_sql("SELECT {count} FROM {table} WHERE {pk} = %s"), [article_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def add_view(article_id, day):
    """One atomic increment of the article's count and its day's row; returns the new count (0 if it is gone).

    One statement on either database: a view is the hottest write there is,
    and on SQLite BEGIN and COMMIT would be round trips of their own.
    """
    # The connection itself, not django.db.connection: every attribute read
    # through that proxy looks the connection up again.
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute(_pg_add_view_sql(), [article_id, day])
            row = cursor.fetchone()
        return row[0] if row else 0
    token = _view_day.set(day.isoformat())
    try:
        # The cursor closes, ending the statement and its implicit transaction, inside the lock.
        with serialized_writes(database), database.cursor() as cursor:
            _install_sqlite_view_trigger(database, cursor)
            cursor.execute(_sqlite_add_view_sql(), [article_id])
            row = cursor.fetchone()
    finally:
        _view_day.reset(token)
    return row[0] if row else 0


# SQLite has no data-modifying CTEs. The article's UPDATE fires a temporary
# trigger (each connection's own: nothing in the schema, nothing for
# migrations to rebuild away) that adds the view to the day's row within the
# same statement. The day comes from news_view_day(), a function of the
# connection that answers only while add_view runs, so no other update of
# view_count (the Redis flush writes its own days) fires it.
_view_day = ContextVar("news_view_day", default=None)


@receiver(connection_created, dispatch_uid="news-view-day-function")
def add_view_day_function(sender, connection, **kwargs):
    # Here rather than with the trigger: SQLite refuses new functions while a statement is running.
    if connection.vendor == "sqlite":
        connection.connection.create_function("news_view_day", 0, _view_day.get)


def _install_sqlite_view_trigger(database, cursor):
    raw = database.connection
    if getattr(database, "news_view_trigger_for", None) is raw:
        return
    cursor.execute(_sqlite_view_trigger_sql())
    # Created inside a transaction (a test's), the trigger goes with a rollback: ask again next time.
    if not database.in_atomic_block:
        database.news_view_trigger_for = raw


@functools.cache
def _sqlite_view_trigger_sql():
    return (
        _article_sql("CREATE TEMP TRIGGER IF NOT EXISTS news_view_day AFTER UPDATE OF {count} ON main.{table} ")
        + "WHEN news_view_day() IS NOT NULL BEGIN "
        + DailyViews.objects.upsert_sql(
            connection, "VALUES (NEW.id, news_view_day(), NEW.view_count - OLD.view_count, 0)"
        )
        + "; END"
    )


@functools.cache
def _sqlite_add_view_sql():
    return _article_sql("UPDATE {table} SET {count} = {count} + 1 WHERE {pk} = %s RETURNING {count}")


@functools.cache
def _pg_add_view_sql():
    """Both increments in one statement, so one round trip and its own transaction.

    `set_config(..., true)` turns off synchronous_commit for that transaction
    only (the outer SELECT reads it, so it runs). Concurrent views of one
    article queue on its row lock, and each would otherwise hold it through a
    WAL flush (2-4 ms): at most a few hundred views a second. Without waiting
    a view takes 0.2 ms; only a crash of the database server itself (not of
    a worker) can lose the last fraction of a second of views, never
    consistency.
    """
    return (
        _article_sql(
            "WITH async AS (SELECT set_config('synchronous_commit', 'off', true)), "
            "bumped AS (UPDATE {table} SET {count} = {count} + 1 WHERE {pk} = %s RETURNING {pk}, {count}), "
            "daily AS ("
        )
        + DailyViews.objects.upsert_sql(connection, "SELECT bumped.id, %s, 1, 0 FROM bumped")
        + _article_sql(") SELECT {count} FROM bumped, async")
    )


_write_locks = {}
_write_locks_guard = threading.Lock()


@contextmanager
def serialized_writes(database):
    """On SQLite, queue counter writes on an OS lock rather than on SQLite's busy handler.

    A writer that finds SQLite locked sleeps and polls (1, 2, 5 ... 100 ms);
    with dozens of concurrent beacons most of the time goes to sleeping while
    the lock is already free. A blocking flock wakes the next writer at once.
    PostgreSQL queues on the row lock and needs nothing.
    """
    if database.vendor != "sqlite" or database.is_in_memory_db():
        yield
        return
    path = f"{database.settings_dict['NAME']}.counter-lock"
    with _write_locks_guard:
        lock, descriptor, pid = _write_locks.get(path, (None, None, None))
        if pid != os.getpid():  # a forked worker must not share its parent's open file
            lock, descriptor, pid = threading.Lock(), os.open(path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            _write_locks[path] = (lock, descriptor, pid)
    with lock:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
