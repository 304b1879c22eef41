import logging
import secrets

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from .models import FooterPage

logger = logging.getLogger(__name__)


class FooterPageView(DetailView):
    template_name = "portal/footer_page.html"
    context_object_name = "page"

    def get_queryset(self):
        return FooterPage.objects.published()


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
