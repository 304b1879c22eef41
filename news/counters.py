"""The view counter: which beacon requests count, and where a count is stored.

A view is counted only by the beacon the article page carries (`news/views.py:
view_beacon`, markup in `news/includes/view_count.html`): the page's script
POSTs to it, readers without JavaScript load its <noscript> image, and the
answer carries the current count, which the script writes into the page. The
page itself is a plain shareable page that any cache may keep.

Not counted (`should_count`): HEAD; prefetch/prerender; known crawlers (the
maintained crawler-user-agents list); staff; a request that is not from one of
our own pages (`is_same_origin`); a repeat view of the same article within
`VIEW_REPEAT_WINDOW` seconds, known from a signed cookie and, for a client that
drops its cookies, from a server-side key (`news/viewguard.py`); and past
`VIEW_CLIENT_LIMIT` counted views a minute from one client. Articles readers
may not see are the view's business (404), checked before.

Stores (`record_view`): without Redis, the database, one short transaction per
view; with `REDIS_URL`, the Redis buffer (`news/viewbuffer.py`), falling back
to the database while Redis is unreachable.
"""

import functools
import time
from urllib.parse import urlsplit

import redis
from crawleruseragents import is_crawler
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.http import base36_to_int, int_to_base36

from . import viewbuffer, viewguard
from .models import Article, DailyViews

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


@functools.lru_cache(maxsize=4096)
def is_bot(user_agent):
    """True for an empty user agent or one on the crawler-user-agents list."""
    user_agent = user_agent.strip()
    return not user_agent or is_crawler(user_agent)


def is_prefetch(request):
    return any(word in request.META.get(header, "").lower() for header in PREFETCH_HEADERS for word in PREFETCH_WORDS)


def is_same_origin(request):
    """Whether the beacon was sent by one of our own pages.

    Browsers say so in `Sec-Fetch-Site`; older ones send `Origin` with a POST
    and `Referer` with an image. A request that says nothing (a script, another
    site's page with `no-referrer`) does not count.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER") or ""
    return bool(origin) and urlsplit(origin).netloc == request.get_host()


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
        # A forged or expired cookie reads as empty: its views count again.
        raw = request.get_signed_cookie(RECENT_COOKIE, default="", salt=RECENT_SALT, max_age=self.window)
        for entry in raw.split(","):
            article_id, _sep, stamp = entry.partition(":")
            try:
                article_id, stamp = int(article_id), base36_to_int(stamp)
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
        response.set_signed_cookie(
            RECENT_COOKIE,
            ",".join(f"{article_id}:{int_to_base36(stamp)}" for article_id, stamp in newest),
            salt=RECENT_SALT,
            max_age=self.window,
            path="/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )


def should_count(request, article_id, recent):
    """Whether this beacon request is a reader's view that counts (article visibility aside).

    The server-side check comes last: it records the view as seen, which
    only a view that counts may do.
    """
    if request.method not in ("GET", "POST"):
        return False
    if is_prefetch(request) or is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    if request.user.is_staff or not is_same_origin(request):
        return False
    if article_id in recent:
        return False
    return viewguard.admit(request, article_id, repeat_window())


def count_beacon(request, article_id):
    """Count the beacon's view if it counts; return (counted, the article's count, the browser's RecentViews)."""
    recent = RecentViews(request, time.time())
    counted = should_count(request, article_id, recent)
    views = record_view(article_id, counted=counted)
    if counted:
        recent.add(article_id)
    return counted, views, recent


def record_view(article_id, *, counted=True, now=None):
    """Count one view (if `counted`) and return the article's count (0 if it is gone)."""
    day = timezone.localdate(now or timezone.now())
    if viewbuffer.available():
        try:
            return viewbuffer.count_view(article_id, day, lambda: stored_count(article_id), counted=counted)
        except redis.RedisError as error:
            viewbuffer.failed(error)
    if counted:
        return add_view(article_id, day)
    return stored_count(article_id)


def stored_count(article_id):
    """The article's view_count as the database holds it (0 if it is gone)."""
    return Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first() or 0


def add_view(article_id, day):
    """Add one view to the article and to its day's row, in one transaction; return the new count."""
    with transaction.atomic():
        if not Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1):
            return 0
        DailyViews.objects.add_views([(article_id, day, 1)])
        # The row stays locked by our UPDATE until the commit: this is our own count.
        return stored_count(article_id)
