import logging

from django.http import HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView

from news import blocks as news_blocks

from . import blocks
from .models import FooterPage, SiteSettings

logger = logging.getLogger(__name__)


class FooterPageView(DetailView):
    template_name = "portal/footer_page.html"
    context_object_name = "page"

    def get_queryset(self):
        return FooterPage.objects.published()


class SiteMapView(TemplateView):
    """网站地图: categories, the footer pages and the latest articles."""

    template_name = "portal/sitemap.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=news_blocks.navigation(),
            pages=blocks.footer_pages(),
            latest=news_blocks.home()["latest"],
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
