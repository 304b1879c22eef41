from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<int:pk>.html", views.ArticleDetailView.as_view(), name="article"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("source/<int:pk>/", views.SourceView.as_view(), name="source"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("editor/upload/", views.upload_image, name="editor-upload"),
]
