"""Side effects of a publication event: one small class each, behind one interface.

A side effect says which events it acts on (`kinds`), whether the site's
settings switch it on (`is_enabled`), and does its work in `run(event)`,
returning the answer to show in the admin. It raises `TryLater` for a
passing trouble (a 5xx, a timeout: the task retries with backoff),
`Refused` when the other side said no for good, and `QuotaExhausted` when
today's allowance is spent. PUBLISHING_EFFECTS lists the classes by dotted
path; a site adds its own (a WeChat or Weibo post) by adding one there.
"""

import json
from functools import cache
from urllib.parse import urlencode, urlsplit

import urllib3
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PublicationEvent, PushQuota

Kind = PublicationEvent.Kind


class TryLater(Exception):
    """A passing failure: the delivery is tried again later."""


class Refused(Exception):
    """The other side refused for good (bad token, foreign site): retrying would not help."""


class QuotaExhausted(Exception):
    """Today's allowance is spent; nothing more is sent until tomorrow."""


class SideEffect:
    """One thing done when an article is published, updated or withdrawn."""

    #: Stored with each delivery; unique among the effects.
    name = ""
    #: The events it acts on.
    kinds = frozenset({Kind.PUBLISHED, Kind.UPDATED, Kind.WITHDRAWN, Kind.DELETED})

    def is_enabled(self):
        return True

    def run(self, event):
        """Do the work for `event`; return a short answer to show in the admin."""
        raise NotImplementedError


# --- HTTP ---------------------------------------------------------------------


@cache
def _pool():
    # No retries here: the task retries with backoff, and records each answer.
    return urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=settings.PUBLISHING_HTTP_TIMEOUT))


def http(method, url, **kwargs):
    """(status, body text) of one request; TryLater when the other side cannot be reached."""
    try:
        response = _pool().request(method, url, **kwargs)
    except urllib3.exceptions.HTTPError as error:
        raise TryLater(f"无法连接 {urlsplit(url).netloc}：{error}") from error
    return response.status, response.data.decode("utf-8", "replace")[:1000]


def check_answer(status, body):
    """Raise for a 5xx or 429 (TryLater) and other 4xx (Refused); return the body of a success."""
    if status >= 500 or status == 429:
        raise TryLater(f"HTTP {status}：{body[:300]}")
    if status >= 400:
        raise Refused(f"HTTP {status}：{body[:300]}")
    return body


def _today_quota(engine):
    return PushQuota.objects.get_or_create(engine=engine, date=timezone.localdate())[0]


# --- Search engines -----------------------------------------------------------


class BaiduPush(SideEffect):
    """百度普通收录 API: POST the new URL to data.zz.baidu.com/urls, within the site's daily quota."""

    name = "baidu"
    kinds = frozenset({Kind.PUBLISHED})

    def is_enabled(self):
        return bool(settings.BAIDU_PUSH_SITE and settings.BAIDU_PUSH_TOKEN)

    def run(self, event):
        quota = _today_quota(self.name)
        if quota.exhausted:
            raise QuotaExhausted("今日推送配额已用尽，未发送")
        endpoint = settings.BAIDU_PUSH_ENDPOINT
        url = f"{endpoint}?{urlencode({'site': settings.BAIDU_PUSH_SITE, 'token': settings.BAIDU_PUSH_TOKEN})}"
        status, body = http("POST", url, body=event.url.encode(), headers={"Content-Type": "text/plain"})
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        if status == 400 and "quota" in str(answer.get("message", "")):
            PushQuota.objects.filter(pk=quota.pk).update(exhausted=True, remaining=0)
            raise QuotaExhausted(f"百度：今日配额已用尽（{body[:200]}）")
        check_answer(status, body)
        success = int(answer.get("success", 0) or 0)
        remain = answer.get("remain")
        PushQuota.objects.filter(pk=quota.pk).update(
            pushed=F("pushed") + success,
            remaining=remain,
            exhausted=remain is not None and int(remain) <= 0,
        )
        if not success:
            raise Refused(f"百度未收录：{body[:300]}")
        return f"百度已接收 {success} 条，今日剩余 {remain}"


class IndexNow(SideEffect):
    """IndexNow (Bing, Yandex, Seznam, Naver): one POST per event, the key file served at /<key>.txt."""

    name = "indexnow"

    def is_enabled(self):
        return bool(settings.INDEXNOW_KEY)

    def run(self, event):
        host = urlsplit(settings.SITE_URL).hostname
        payload = {
            "host": host,
            "key": settings.INDEXNOW_KEY,
            "keyLocation": f"{settings.SITE_URL}/{settings.INDEXNOW_KEY}.txt",
            "urlList": [event.url],
        }
        status, body = http(
            "POST",
            settings.INDEXNOW_ENDPOINT,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        check_answer(status, body)
        return f"IndexNow HTTP {status}"


class SitemapPing(SideEffect):
    """GET each of SITEMAP_PING_URLS with the sitemap's address (engines that still take pings)."""

    name = "sitemap-ping"
    kinds = frozenset({Kind.PUBLISHED, Kind.WITHDRAWN, Kind.DELETED})

    def is_enabled(self):
        return bool(settings.SITEMAP_PING_URLS)

    def run(self, event):
        sitemap = f"{settings.SITE_URL}/sitemap.xml"
        answers = []
        for ping in settings.SITEMAP_PING_URLS:
            status, body = http("GET", ping, fields={"sitemap": sitemap})
            check_answer(status, body)
            answers.append(f"{urlsplit(ping).netloc} HTTP {status}")
        return "；".join(answers)


# --- The site itself ----------------------------------------------------------


class PurgeCache(SideEffect):
    """Ask the CDN or the nginx front cache to drop the pages the event changed.

    One request per path (the article, the home page, the article's
    category), PURGE_METHOD to PURGE_ENDPOINT + path, as ngx_cache_purge and
    most CDNs' purge-by-URL APIs take it. A 404 means "not cached": fine.
    A deleted article's category is not known any more: its list page ages out.
    """

    name = "purge"

    def is_enabled(self):
        return bool(settings.PURGE_ENDPOINT)

    def run(self, event):
        from ..models import Article

        paths = [urlsplit(event.url).path, "/"]
        category = Article.objects.filter(pk=event.article_id).select_related("category").first()
        if category is not None:
            paths.append(category.category.get_absolute_url())
        for path in paths:
            status, body = http(settings.PURGE_METHOD, settings.PURGE_ENDPOINT.rstrip("/") + path)
            if status != 404:
                check_answer(status, body)
        return f"已清除 {len(paths)} 个网址"


class CoverThumbnails(SideEffect):
    """Make the cover's thumbnails now, so that no reader's request pays for them."""

    name = "thumbnails"
    kinds = frozenset({Kind.PUBLISHED, Kind.UPDATED})
    sizes = ("focus", "card", "list", "small")

    def is_enabled(self):
        return settings.PUBLISHING_THUMBNAILS

    def run(self, event):
        from .. import thumbnails
        from ..models import Article

        article = Article.objects.filter(pk=event.article_id).only("cover").first()
        if article is None or not article.cover:
            return "没有封面图"
        made = [size for size in self.sizes if thumbnails.thumbnail(article.cover, size)]
        if not made:
            raise Refused(f"封面图无法读取：{article.cover.name}")
        return f"缩略图：{'、'.join(made)}"


class SearchReindex(SideEffect):
    """Index the article again: a safety net beside the index written with each save (news.receivers)."""

    name = "search"
    kinds = frozenset({Kind.PUBLISHED, Kind.UPDATED})

    def is_enabled(self):
        return settings.PUBLISHING_SEARCH_REINDEX

    def run(self, event):
        from .. import search

        search.index([event.article_id])
        return "已更新索引"


def _load(path):
    try:
        effect = import_string(path)()
    except ImportError as error:
        raise ImproperlyConfigured(f"PUBLISHING_EFFECTS names {path!r}, which cannot be imported: {error}") from error
    if not isinstance(effect, SideEffect) or not effect.name:
        raise ImproperlyConfigured(f"{path} in PUBLISHING_EFFECTS must be a SideEffect subclass with a name.")
    return effect


def all_effects():
    """{name: effect} of every class in PUBLISHING_EFFECTS, switched on or not."""
    return {effect.name: effect for effect in map(_load, settings.PUBLISHING_EFFECTS)}


def effects_for(kind):
    """The switched-on effects that act on events of `kind`."""
    return [effect for effect in all_effects().values() if kind in effect.kinds and effect.is_enabled()]
