from django.urls import path, re_path, register_converter

from portal.caching import cached_view

from . import converters, feeds, views
from .publishing import views as publishing_views
from .topics import views as topic_views

register_converter(converters.TagSlugConverter, "tag")

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<int:pk>.html", views.ArticleDetailView.as_view(), name="article"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/feed/rss/", cached_view(feeds.CategoryFeed()), name="category-feed-rss"),
    path("category/<slug:slug>/feed/atom/", cached_view(feeds.CategoryAtomFeed()), name="category-feed-atom"),
    path("source/<int:pk>/", views.SourceView.as_view(), name="source"),
    path("tag/<tag:slug>/", views.TagView.as_view(), name="tag"),
    path("feed/rss/", cached_view(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feed/atom/", cached_view(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("editor/upload/", views.upload_image, name="editor-upload"),
    path("views/<int:pk>/", views.view_beacon, name="article-views"),
    path("rank/", views.RankView.as_view(), name="rank"),
    # IndexNow's key file lives at the site root (news.publishing.effects.IndexNow).
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", publishing_views.indexnow_key, name="indexnow-key"),
    path("special/", topic_views.TopicListView.as_view(), name="topics"),
    path("special/<slug:slug>/", topic_views.TopicDetailView.as_view(), name="topic"),
]
