"""Middleware for production: health checks, the page cache, the CSP header."""

import time
from importlib import import_module

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

from .caching import all_areas, cache_query, changed_since, current_versions, page_key
from .views import healthz

HIT, MISS, BYPASS = "hit", "miss", "bypass"
# Request headers a page may vary on and still be shared by every anonymous
# reader: Cookie (the session cookie is what matters, and requests that carry
# a valid one never touch the cache) and Accept-Language (the site has one language).
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
    """Whole pages for anonymous readers, stored until what they show changes (portal.caching).

    A view names the areas its page shows in `request.page_areas`
    (all areas if it names none); a hit is an entry whose areas' versions
    are still those it was stored under.

    The key is the host, the path and the query parameters pages read
    (PAGE_CACHE_QUERY_PARAMETERS, normalised): other parameters (tracking
    tags, junk) are left out of the key, so they neither bypass nor flood the
    cache. Only a request without them fills it, so that a page stored never
    reflects them. Requests with a valid session (logged-in staff) never read
    or fill the cache, and their responses are marked private; a cookie that is
    not a valid session is ignored. Only GET responses with status 200, no
    cookies set and no "don't share" Cache-Control are stored, so POSTs, the
    view-counter beacon (never_cache) and the admin are never cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE:
            return self.get_response(request)
        if not self.is_anonymous_read(request):
            response = self.get_response(request)
            if has_session(request):
                add_never_cache_headers(response)
            response["X-Page-Cache"] = BYPASS
            return response

        query = cache_query(request)
        key = "page:" + page_key(request, query)
        entry = cache.get(key)
        if entry is not None and current_versions(*entry["areas"]) == entry["versions"]:
            return self.from_entry(request, entry)
        started = time.time()
        response = self.get_response(request)
        if request.method == "GET" and len(query) == len(request.GET) and self.is_shareable(request, response):
            return self.store(request, key, response, started)
        response["X-Page-Cache"] = BYPASS
        return response

    @staticmethod
    def is_anonymous_read(request):
        return (
            request.method in ("GET", "HEAD")
            and not has_session(request)
            and not any(name in request.GET for name in settings.PAGE_CACHE_PRIVATE_PARAMETERS)
        )

    @staticmethod
    def is_shareable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        # A malformed CSRF cookie gets a new one; a page that did not use the token is still everyone's.
        cookies = set(response.cookies)
        if cookies and (cookies != {settings.CSRF_COOKIE_NAME} or request.META.get("CSRF_COOKIE_USED")):
            return False
        directives = {d.strip().lower().replace(" ", "") for d in cc_delim_re.split(response.get("Cache-Control", ""))}
        if directives & PRIVATE_DIRECTIVES:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        return vary <= SHAREABLE_VARY

    def store(self, request, key, response, started):
        """Store the page under the versions of the areas it shows (`page_areas`, all areas by default)."""
        areas = getattr(request, "page_areas", None) or all_areas()
        current = current_versions(*areas)
        set_response_etag(response)
        # Unless something changed while it was rendered: it may show the old rows.
        if current is not None and not changed_since(started):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            entry = {"status": response.status_code, "headers": headers, "content": response.content}
            cache.set(key, {**entry, "areas": areas, "versions": current}, settings.PAGE_CACHE_TIMEOUT)
        self.mark_public(response)
        response["X-Page-Cache"] = MISS
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def from_entry(self, request, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        self.mark_public(response)
        response["X-Page-Cache"] = HIT
        return get_conditional_response(request, etag=response["ETag"], response=response)

    @staticmethod
    def mark_public(response):
        # Short: a front cache or CDN asks again within seconds of a content change.
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)


def has_session(request):
    """Whether the request carries the cookie of a session that exists (a junk cookie is no session)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(session_key)


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
