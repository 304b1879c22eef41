from django.utils.functional import SimpleLazyObject

from .caching import versions
from .models import SiteSettings


class Versions(dict):
    """`{{ cache_versions.site }}`: an area's version, read the first time a template asks."""

    def __missing__(self, area):
        self[area] = versions(area)
        return self[area]


def site(request):
    """The site settings, and the versions `{% cache %}` fragments vary on.

    `{% cache 300 name cache_version %}` is rendered again after any content
    change, `{% cache 300 name cache_versions.site %}` after a change of the
    "site" area only (portal.caching).
    """
    return {"site": SiteSettings.load(), "cache_version": SimpleLazyObject(versions), "cache_versions": Versions()}
