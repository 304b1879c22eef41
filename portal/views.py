import logging
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, RedirectView, TemplateView

from news import blocks as news_blocks

from . import blocks
from .models import FooterPage, SiteSettings

logger = logging.getLogger(__name__)


class FooterPageView(DetailView):
    template_name = "portal/footer_page.html"
    context_object_name = "page"

    def get_queryset(self):
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


class SiteMapView(TemplateView):
    """网站地图: categories, the footer pages and the latest articles."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=news_blocks.navigation(),
            pages=blocks.footer_pages(),
            latest=news_blocks.home()["recent"],
            **kwargs,
        )


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


@requires_csrf_token
def server_error(request):
    """The 500 page in the site's frame, without the blocks that need the database or the cache."""
    try:
        site = SiteSettings.load()
    except Exception:  # The failure may be the database itself.
        logger.exception("site settings unavailable for the error page")
        site = SiteSettings()
    return HttpResponseServerError(render_to_string("500.html", {"site": site, "request": request}))


@never_cache
def healthz(request):
    """For load balancers: 200 when the database and the cache answer, else 503."""
    checks = {"database": _database_answers, "cache": _cache_answers}
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as error:  # any failure means "take this server out"
            logger.error("health check %s failed: %s", name, error)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)


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
