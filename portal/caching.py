"""Versioned cache keys: one number that every content change bumps.

Blocks that every page shows (navigation, sidebar, footer) are cached under a
key that contains the current content version. Saving or deleting any article,
category, source, tag, setting, promotion or footer page bumps the version, so
the next request misses the cache and renders fresh; old entries simply expire.
This works the same across workers and servers when the cache is Redis. The
local-memory cache is private to each process, so with it the version number
lives in a small file instead (`CONTENT_VERSION_FILE`): every worker on the
machine then sees a bump at once, and the cached entries stay in local memory.

An entry never outlives the next scheduled publication either: a cached
"latest articles" block must not hide an article whose time has come.

Within one request the version is read once (a page reads a dozen cached
fragments and blocks; with Redis each read of the version is a round trip):
the request then renders from one consistent version, and a bump made by the
request itself (an admin save) is seen at once.
"""

import functools
import hashlib
import os
import tempfile
import time
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.http import HttpResponse

VERSION_KEY = "content-version"
CHANGED_AT_KEY = "content-changed-at"
DEFAULT_TIMEOUT = 300


def _version_file():
    """The file holding the version when the cache is private to this process, else None."""
    if isinstance(caches["default"], LocMemCache):
        return Path(settings.CONTENT_VERSION_FILE)
    return None


def _write_version_file(path, version):
    # Write then rename: a reader sees the old number or the new one, never half a file.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".content-version-")
    with os.fdopen(descriptor, "w") as handle:
        handle.write(str(version))
    os.replace(temporary, path)


# What the current request has read (request_started .. request_finished):
# {"version": n} once read, None outside a request. A context variable rather
# than asgiref's Local: a page reads it a dozen times, and Local costs 3 µs a read.
_request = ContextVar("portal_caching_request", default=None)


def _start_request(**kwargs):
    _request.set({})


def _end_request(**kwargs):
    _request.set(None)


request_started.connect(_start_request, dispatch_uid="portal-caching-start")
request_finished.connect(_end_request, dispatch_uid="portal-caching-end")


def content_version():
    state = _request.get()
    if state is None:
        return _read_version()
    if "version" not in state:
        state["version"] = _read_version()
    return state["version"]


def _read_version():
    path = _version_file()
    if path is not None:
        # Read every time: a cached copy keyed on the file's inode and mtime
        # would miss two bumps within one clock tick of the file system.
        try:
            return int(path.read_text())
        except (FileNotFoundError, ValueError):
            version = time.time_ns()
            _write_version_file(path, version)
            return version
    version = cache.get(VERSION_KEY)
    if version is None:
        # Seed with the clock so that a cache flush never brings back a
        # version number whose entries are still around.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _bump():
    path = _version_file()
    if path is not None:
        # A fresh clock reading is a number no cached entry was ever stored under.
        _write_version_file(path, max(time.time_ns(), _read_version() + 1))
    else:
        cache.set(CHANGED_AT_KEY, time.time(), timeout=None)
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    # The request that made the change reads the new version from now on.
    state = _request.get()
    if state is not None:
        state.pop("version", None)


def seconds_since_last_change():
    """Seconds since content last changed (a large number when unknown)."""
    if _version_file() is not None:
        # The file's version is the clock reading of the last change.
        return time.time() - content_version() / 1e9
    changed_at = cache.get(CHANGED_AT_KEY)
    return time.time() - changed_at if changed_at else float("inf")


def bump_content_version(**kwargs):
    """Signal receiver: any content change makes every cached block and page stale.

    Inside a transaction (the admin saves in one) the version is bumped again
    on commit: a page rendered between the save and the commit still shows the
    old row, and must not stay cached under the new version.
    """
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def _next_publication_key():
    return f"next-publication:{content_version()}"


def note_next_publication(when):
    """Remember the next scheduled change (a datetime or None) for the current version.

    portal.blocks.frame() reads it with the frame and notes it here before
    its own entry is stored (storing asks seconds_until_next_publication()).
    """
    cache.set(_next_publication_key(), when.timestamp() if when else 0, DEFAULT_TIMEOUT)


def next_publication_at():
    """When the next scheduled change goes live (a Unix time), or None; see seconds_until_next_publication."""
    when = cache.get(_next_publication_key())
    if when is None:
        from .blocks import frame

        next_change = frame()["next_change"]
        note_next_publication(next_change)
        when = next_change.timestamp() if next_change else 0
    return when or None


def seconds_until_next_publication():
    """Seconds until the next scheduled change goes live, or None.

    Scheduled changes: an article's publication time, and a promotion's start
    or end time (the promotion strip is on every page). Both are read with the
    site frame (portal.blocks.frame), in the same query.
    """
    when = next_publication_at()
    if when is None:
        return None
    remaining = when - time.time()
    if remaining <= 0:
        # A scheduled change has just gone live: that is a content change.
        bump_content_version()
        return seconds_until_next_publication()
    return int(remaining) + 1


def cache_timeout(timeout=DEFAULT_TIMEOUT):
    """`timeout`, shortened so that nothing cached outlives the next scheduled publication."""
    remaining = seconds_until_next_publication()
    if remaining is None:
        return timeout
    return max(1, min(timeout, remaining))


def cached(name, compute, timeout=DEFAULT_TIMEOUT, scheduled=True):
    """Return `compute()`, cached under `name` for the current content version.

    `scheduled=False` for values that do not depend on which articles are
    published: they need not expire at the next publication.
    """
    key = f"block:{content_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_timeout(timeout) if scheduled else timeout)
    return value


def prime(name, value, timeout=DEFAULT_TIMEOUT):
    """Store `value` as what `cached(name, ...)` would compute, unless it is there already.

    For a block read along with another one in the same query.
    """
    cache.add(f"block:{content_version()}:{name}", value, cache_timeout(timeout))


def cached_view(view, timeout=DEFAULT_TIMEOUT):
    """`view` with its rendered GET responses cached per content version and absolute URL.

    For large responses that are the same for every reader and change only
    with the content, like the XML sitemaps: unlike the page cache, this works
    with PAGE_CACHE off and for staff too. The view must answer 200 or raise
    (Http404 stores nothing).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)

        def render():
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return {"status": response.status_code, "headers": list(response.items()), "content": response.content}

        url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
        entry = cached(f"view:{url}", render, timeout)
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        return response

    return wrapper
