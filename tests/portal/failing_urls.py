"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from portal.urls import handler500, urlpatterns  # noqa: F401 (the handler is read from this module)


def boom(request):
    raise RuntimeError("a failure for the 500 page test")


urlpatterns = [path("boom/", boom), *urlpatterns]
