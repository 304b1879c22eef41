"""The real URLs plus /bench/minimal/: the framework's ceiling on this stack."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

# A fixed 40 KB body, about the size of an article page.
MINIMAL_BODY = b"<!DOCTYPE html><title>minimal</title>" + b"x" * (40 * 1024 - 37)


@never_cache  # the ceiling of a Django view, not of the page cache
def minimal(request):
    return HttpResponse(MINIMAL_BODY)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("portal.urls")),
]
