from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from . import views

admin.site.site_header = "科创资讯网 · 内容管理"
admin.site.site_title = "内容管理"
admin.site.index_title = "内容管理"

portal_patterns = (
    [path("page/<slug:slug>.html", views.FooterPageView.as_view(), name="page")],
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
