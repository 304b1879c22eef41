from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from news.sitemaps import ArticleSitemap, CategorySitemap, TopicSitemap
from news.views import SiteMapView

from . import views
from .caching import cached_view
from .sitemaps import FooterPageSitemap, StaticPageSitemap

admin.site.site_header = "科创资讯网 · 内容管理"
admin.site.site_title = "内容管理"
admin.site.index_title = "内容管理"
# The admin index (the dashboard) and the breadcrumbs lead everywhere; the app
# sidebar took a quarter of a 1280 px screen from the article list.
admin.site.enable_nav_sidebar = False

sitemaps = {
    "pages": StaticPageSitemap,
    "categories": CategorySitemap,
    "about": FooterPageSitemap,
    "topics": TopicSitemap,
    "articles": ArticleSitemap,
}

portal_patterns = (
    [
        path("page/<slug:slug>.html", views.FooterPageView.as_view(), name="page"),
        path("sitemap/", SiteMapView.as_view(), name="sitemap"),
        path(
            "sitemap.xml",
            cached_view(sitemap_views.index),
            {"sitemaps": sitemaps, "sitemap_url_name": "portal:sitemap-section"},
            name="sitemap-xml",
        ),
        path(
            "sitemap-<section>.xml",
            cached_view(sitemap_views.sitemap),
            {"sitemaps": sitemaps},
            name="sitemap-section",
        ),
        path("robots.txt", views.RobotsView.as_view(), name="robots"),
        path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    ],
    "portal",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include(portal_patterns)),
    path("", include("news.urls")),
]

if settings.SERVE_MEDIA:
    # Local media served by Django: for development and one small server only;
    # nginx or object storage serves media for real traffic (docs/deploy.md).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler500 = "portal.views.server_error"
