"""When something cached goes stale: one rule for the whole site.

Cached things (pages, fragments, blocks) are stored under the versions of the
*areas* of content they show. An app registers its models with an area
(`register_model(FooterPage, "site")`); saving or deleting one bumps the
area's version, so every entry stored under the old version is unreachable at
once, on every worker and server; old entries simply expire. Bulk updates send
no signals: code that makes them calls `bump()` itself.

Some changes need no save: a scheduled article goes live, a promotion starts
or ends. Apps register a callable giving the next such time
(`register_schedule`); once it has passed, its areas are bumped.

The versions live in the cache itself (Django's cache framework), which may be
down (portal.cache_backends): then nothing is found and nothing is stored, and
every page renders from the database. When the cache comes back every area is
bumped, since changes made meanwhile could not be recorded.

Areas may also be named per object (`article:42`): `bump("article:42")` and
`versions("site", "article:42")` work for any name; only registered areas make
up "all areas".

This module knows nothing of what the areas hold.
"""

import functools
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from .cache_backends import recovered

DEFAULT_TIMEOUT = 300
SCHEDULE_KEY = "next-scheduled-change"
CHANGED_AT_KEY = "content-changed-at"
_MISSING = object()

_areas = set()
_frame_areas = {"site"}
_schedules = []  # (callable giving a datetime or None, areas)


def register_model(model, *areas):
    """Saving or deleting a `model` row makes everything cached under `areas` stale."""

    def receiver(**kwargs):
        bump(*areas)

    _areas.update(areas)
    name = f"{model._meta.label}:{'+'.join(areas)}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"bump-save-{name}")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"bump-delete-{name}")


def register_schedule(next_change, *areas):
    """`next_change()` gives the next time (an aware datetime, or None) at which `areas` change by themselves."""
    _areas.update(areas)
    _schedules.append((next_change, areas))


def register_frame(*areas):
    """`areas` are shown in every page's frame (a sidebar, say), along with "site"."""
    _areas.update(areas)
    _frame_areas.update(areas)


def all_areas():
    return tuple(sorted(_areas))


def frame_areas():
    """What every page shows: a page showing nothing else of its own depends on these alone."""
    return tuple(sorted(_frame_areas))


def bump(*areas):
    """Make everything cached under `areas` (all areas if none are named) stale.

    Inside a transaction (the admin saves in one) the areas are bumped again on
    commit: a page rendered between the save and the commit still shows the old
    rows, and must not stay cached under the new version.
    """
    areas = areas or all_areas()
    _bump(areas)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(areas))


def _bump(areas):
    # A fresh clock reading: a version no entry was ever stored under.
    now = time.time_ns()
    cache.set_many({_version_key(area): now for area in areas}, timeout=None)
    cache.set(CHANGED_AT_KEY, time.time(), timeout=None)
    cache.delete(SCHEDULE_KEY)
    _recent.clear()


recovered.connect(lambda **kwargs: _bump(all_areas()), weak=False, dispatch_uid="portal-caching-recovered")


def _version_key(area):
    return f"version:{area}"


# Versions this process read in the last RECENT_SECONDS are used again: an
# uncached page asks for them half a dozen times (bench/guard_rails.py, uncached
# article). A bump in another process is seen that much later, one here at once.
RECENT_SECONDS = 0.05
_recent = {}


def current_versions(*areas):
    """{area: version} of `areas` (all areas if none are named), or None when the cache is down.

    One cache read. It also notices a scheduled change whose time has come,
    and bumps its areas first. Areas that had no version yet get one: a clock
    reading, newer than any entry stored.
    """
    areas = areas or all_areas()
    now = time.monotonic()
    recent = [_recent.get(area) for area in areas]
    if all(entry and now - entry[1] < RECENT_SECONDS for entry in recent):
        return {area: entry[0] for area, entry in zip(areas, recent, strict=True)}
    current = _read_versions(areas)
    if current is not None:
        _recent.update((area, (version, now)) for area, version in current.items())
    return current


def clear():
    """Empty the cache, and forget the versions this process read (tests, `manage.py shell`)."""
    cache.clear()
    _recent.clear()


def _read_versions(areas):
    keys = {area: _version_key(area) for area in areas}
    found = cache.get_many([SCHEDULE_KEY, *keys.values()])
    due = found.pop(SCHEDULE_KEY, None)
    if due and due <= time.time():
        _bump(tuple({area for _next, scheduled in _schedules for area in scheduled}))
        found = cache.get_many(list(keys.values()))
    missing = [key for key in keys.values() if key not in found]
    if missing:
        seed = time.time_ns()
        for key in missing:
            cache.add(key, seed, timeout=None)
        stored = cache.get_many(missing)
        if len(stored) < len(missing):
            return None
        found.update(stored)
    if due is None:
        _note_schedule()
    return {area: found[key] for area, key in keys.items()}


def versions(*areas):
    """A short token naming the current versions of `areas` (all areas if none are named)."""
    current = current_versions(*areas)
    if current is None:
        # The cache is down: a token no entry is stored under, so nothing is found.
        return f"uncached-{time.time_ns()}"
    return ".".join(str(version) for version in current.values())


def _note_schedule():
    times = [when for next_change, _areas in _schedules if (when := next_change())]
    # 0: nothing scheduled. Read again now and then all the same: bulk changes send no signal.
    cache.set(SCHEDULE_KEY, min(times).timestamp() if times else 0, DEFAULT_TIMEOUT)


def changed_since(moment):
    """Whether anything was bumped after `moment` (a time.time() reading)."""
    changed_at = cache.get(CHANGED_AT_KEY)
    return changed_at is not None and changed_at >= moment


def seconds_since_last_change():
    """Seconds since content last changed (a large number when unknown)."""
    changed_at = cache.get(CHANGED_AT_KEY)
    return time.time() - changed_at if changed_at else float("inf")


def cached(name, compute, areas=(), timeout=DEFAULT_TIMEOUT):
    """`compute()`, cached under `name` until one of `areas` (all areas by default) changes."""
    key = f"cached:{name}:{versions(*areas)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value


def cached_each(items, name, areas, compute, timeout=DEFAULT_TIMEOUT):
    """{item: value} for `items`, each value cached under `name(item)` until one of `areas(item)` changes.

    `compute(missing)` gives {item: value} for the items not found, in one call;
    an item it leaves out is left out of the answer too. Two cache reads in all.
    """
    current = current_versions(*{area for item in items for area in areas(item)})
    if current is None:
        return compute(list(items))
    keys = {item: f"cached:{name(item)}:{'.'.join(str(current[area]) for area in areas(item))}" for item in items}
    found = cache.get_many(list(keys.values()))
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in items if item not in values]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[item]: value for item, value in computed.items()}, timeout)
        values.update(computed)
    return values


def cache_query(request):
    """The query parameters pages read, sorted, one value each, numbers normalised: [(name, value)]."""
    query = []
    for name in sorted(settings.PAGE_CACHE_QUERY_PARAMETERS):
        if name in request.GET:
            value = request.GET[name].strip()
            query.append((name, str(int(value)) if value.isdigit() else value))
    return query


def page_key(request, query):
    """The host, the path and `query` (`cache_query()`), as a digest: what a shared response depends on."""
    url = f"{request.get_host()}{request.path}?{urlencode(query)}"
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def cached_view(view, timeout=DEFAULT_TIMEOUT):
    """`view` with its rendered GET responses cached per content version and `page_key()`.

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

        entry = cached(f"view:{page_key(request, cache_query(request))}", render, timeout=timeout)
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        return response

    return wrapper
