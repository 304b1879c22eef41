"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from portal.urls import urlpatterns


def boom(request):
    raise RuntimeError("a failure for the 500 page test")


urlpatterns = [path("boom/", boom), *urlpatterns]
