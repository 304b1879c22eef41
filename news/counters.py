"""The view counter: which requests count, and how a count is stored.

A view is counted by a small beacon request that the article page sends
(`news/views.py: view_beacon`, markup in `news/includes/view_count.html`), not
by the page itself, so counting keeps working when the page comes from a
whole-page cache or a CDN, and the beacon's answer carries the current count.

Not counted: HEAD, prefetch/prerender, known crawlers (the maintained
crawler-user-agents list), staff, anything for an article a reader may not see,
and a repeat view by the same browser within `VIEW_REPEAT_WINDOW` seconds. The
repeat rule keeps no personal data on the server: the browser holds a signed
cookie of the article ids it has recently been counted for, scoped to the
beacon's path so that page caches never see it.

Increments are single SQL statements (`view_count = view_count + 1`, an upsert
of `DailyViews`), never read-modify-write in Python. With Redis configured hits
go to a Redis buffer first (`news/viewbuffer.py`) and reach the database in
batches.
"""

import functools

from crawleruseragents import is_crawler
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import viewbuffer
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
        raw = request.get_signed_cookie(RECENT_COOKIE, default="", salt=RECENT_SALT, max_age=self.window)
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
        response.set_signed_cookie(
            RECENT_COOKIE,
            value,
            salt=RECENT_SALT,
            max_age=self.window,
            # Only the beacon reads it; article pages stay cookie-free for caches.
            path=request.path.rsplit("/", 2)[0] + "/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )


def _base36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def should_count(request, article_id, recent):
    """Whether this beacon request is a reader's view that counts (article visibility aside)."""
    if request.method not in ("GET", "POST"):
        return False
    if is_prefetch(request) or is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    if request.user.is_authenticated and request.user.is_staff:
        return False
    return article_id not in recent


def record_view(article_id, *, counted=True, now=None):
    """Count one view (if `counted`) and return the article's count, or None when readers may not see it."""
    now = now or timezone.now()
    if viewbuffer.enabled():
        return viewbuffer.record_view(article_id, timezone.localdate(now), counted=counted)
    if not counted:
        return Article.objects.published().filter(pk=article_id).values_list("view_count", flat=True).first()
    with transaction.atomic():
        if not Article.objects.published().filter(pk=article_id).update(view_count=F("view_count") + 1):
            return None
        DailyViews.objects.add_views([(article_id, timezone.localdate(now), 1)])
        return Article.objects.filter(pk=article_id).values_list("view_count", flat=True).get()
