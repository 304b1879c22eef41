from django.utils.functional import SimpleLazyObject

from .caching import versions
from .models import SiteSettings


def site(request):
    """The site settings, and `cache_version` for the `{% cache %}` fragments of every page.

    `{% cache 300 "name" cache_version ... %}`: the fragment is rendered again
    after any content change (portal.caching). Read once per page, when the
    first fragment asks.
    """
    return {"site": SiteSettings.load(), "cache_version": SimpleLazyObject(versions)}
