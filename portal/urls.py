from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

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

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
