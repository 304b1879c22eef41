import logging
import secrets
import sys

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.decorators import method_decorator
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import DetailView, RedirectView, TemplateView

from .caching import frame_areas
from .models import FooterPage, SiteSettings

logger = logging.getLogger(__name__)


class FooterPageView(DetailView):
    template_name = "portal/footer_page.html"
    context_object_name = "page"

    def get_queryset(self):
        # The page shows its own row and the frame: no article change makes it stale.
        self.request.page_areas = frame_areas()
        return FooterPage.objects.published()


@method_decorator(cache_control(max_age=24 * 3600, public=True), name="dispatch")
class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever a page links: send them to the
    icon of the site settings, or the static file.

    Not a permanent redirect: browsers keep those for good, and the icon may be
    replaced; for a day, since they ask on every page.
    """

    def get_redirect_url(self, *args, **kwargs):
        return SiteSettings.load().favicon_url


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


@never_cache
def healthz(request):
    """For load balancers: 503 when the database does not answer.

    A cache that does not answer leaves the server "degraded" but serving
    (uncached, portal.cache_backends): taking every server out of the pool for
    a Redis outage would take the site down with it.
    """
    results = {}
    for name, check in {"database": _database_answers, "cache": _cache_answers}.items():
        try:
            check()
        except Exception as error:  # any failure of the check is "error"
            logger.error("health check %s failed: %s", name, error)
            results[name] = "error"
        else:
            results[name] = "ok"
    if results["database"] != "ok":
        return JsonResponse({"status": "error", **results}, status=503)
    return JsonResponse({"status": "ok" if results["cache"] == "ok" else "degraded", **results})


def _database_answers():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache_answers():
    # A key of its own: several servers probed at once must not read each other's value.
    key = f"healthz:{secrets.token_hex(8)}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def server_error(request):
    """Django's 500 page, except for a database that does not answer: that is an
    outage, not a bug, so readers and load balancers get 503 and a time to retry."""
    if not isinstance(sys.exc_info()[1], DatabaseError):
        return defaults.server_error(request)
    # A standalone template: the site frame would read the database again.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response
