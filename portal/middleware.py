"""Middleware for production: health checks, the page cache, the CSP header."""

import hashlib
import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

from .caching import cache_timeout, content_version, next_publication_at, seconds_until_next_publication
from .views import healthz

HIT, MISS, BYPASS = "hit", "miss", "bypass"
# Request headers a page may vary on and still be shared by every anonymous
# reader: Cookie (the session cookie is what matters, and requests that carry
# one never touch the cache) and Accept-Language (the site has one language).
SHAREABLE_VARY = {"cookie", "accept-language"}
# Cache-Control directives by which a view says "do not share this response".
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache", "max-age=0"}


class HealthCheckMiddleware:
    """Answer /healthz first, before the Host header is validated or HTTPS enforced.

    Load balancers probe each server by its address over plain HTTP.
    """

    path = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == self.path:
            return healthz(request)
        return self.get_response(request)


class PageCacheMiddleware:
    """Whole pages for anonymous readers, stored under the content version.

    Any content change bumps the version (portal.caching), so the next reader
    gets a fresh page at once; an entry also never outlives the next scheduled
    publication. Requests that carry a session cookie (logged-in staff) or
    credentials never read or fill the cache, and their responses are marked
    private. Only GET responses with status 200, no cookies set and no
    "don't share" Cache-Control are stored, so POSTs, the view-counter beacon
    (never_cache) and the admin are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        if not self.is_anonymous_read(request):
            response = self.get_response(request)
            if self.carries_credentials(request):
                add_never_cache_headers(response)
            response["X-Page-Cache"] = BYPASS
            return response

        key = self.key(request)
        entry = cache.get(key)
        if entry is not None and time.time() < entry.get("stale_at", float("inf")):
            return self.from_entry(request, entry)
        if entry is not None:
            # Cache lifetimes are whole seconds: an entry can outlive the
            # publication it was cut to by up to one. Past it, that change has
            # gone live: bump the version and render afresh.
            seconds_until_next_publication()
            key = self.key(request)

        response = self.get_response(request)
        if request.method == "GET" and self.is_shareable(response):
            response = self.store(request, key, response)
        else:
            response["X-Page-Cache"] = BYPASS
        return response

    @staticmethod
    def carries_credentials(request):
        return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META

    def is_anonymous_read(self, request):
        return request.method in ("GET", "HEAD") and not self.carries_credentials(request)

    @staticmethod
    def key(request):
        # Scheme, host, path and query: everything else a shared page may vary
        # on is listed in SHAREABLE_VARY.
        url = request.build_absolute_uri().encode()
        return f"page:{content_version()}:{hashlib.md5(url, usedforsecurity=False).hexdigest()}"

    @staticmethod
    def is_shareable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {d.strip().lower().replace(" ", "") for d in cc_delim_re.split(response.get("Cache-Control", ""))}
        if directives & PRIVATE_DIRECTIVES:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return vary <= SHAREABLE_VARY

    def store(self, request, key, response):
        timeout = cache_timeout(settings.PAGE_CACHE_TIMEOUT)
        set_response_etag(response)
        entry = {
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "expires": time.time() + timeout,
            # The exact moment the page may change without any save.
            "stale_at": next_publication_at() or float("inf"),
        }
        cache.set(key, entry, timeout)
        self.mark_public(response, timeout)
        response["X-Page-Cache"] = MISS
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def from_entry(self, request, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        # The entry expires no later than the next scheduled publication, and
        # so does every copy a front cache keeps of it.
        self.mark_public(response, entry["expires"] - time.time())
        response["X-Page-Cache"] = HIT
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def mark_public(response, remaining):
        max_age = max(0, min(settings.PAGE_CACHE_MAX_AGE, int(remaining)))
        if response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=max_age)
        else:
            # What patch_cache_control writes there, without its parsing: this runs on every hit.
            response["Cache-Control"] = f"public, max-age={max_age}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with the site's policy, relaxed in the admin only.

    CKEditor 5 positions its toolbars and balloons with inline styles and
    previews pasted images as blob: URLs; nothing else needs either.
    """

    ADMIN_UPDATE = {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            parts.update = {**self.ADMIN_UPDATE, **(parts.update or {})}
        return parts
