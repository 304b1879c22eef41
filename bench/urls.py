"""The real URLs plus the issue's reference views: /bench/minimal/ (the ceiling) and /bench/one-row/<id>/.

/bench/feed-built/ is the site's RSS feed without the cache around it (news/urls.py): what building one costs
when its entries are cached (news/feeds.py), as after a publish; /bench/feed-cold/ writes every entry anew, as
after a restart or a change site-wide.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path
from django.views.decorators.cache import never_cache

from news.feeds import LatestArticlesFeed
from news.models import Article
from portal import caching

# A fixed 40 KB body, about the size of an article page.
MINIMAL_BODY = b"<!DOCTYPE html><title>minimal</title>" + b"x" * (40 * 1024 - 37)


@never_cache  # the ceiling of a Django view, not of the page cache
def minimal(request):
    return HttpResponse(MINIMAL_BODY)


# The second reference: a template around one ORM row (0.32× the
# minimal view there). The article page's 0.3× target is "as cheap as" this.
ONE_ROW = engines["django"].from_string(
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ article.title }}</title></head>'
    "<body><h1>{{ article.title }}</h1><p>{{ article.published_at|date:'Y-m-d H:i' }} {{ article.author }}</p>"
    "{{ article.body|safe }}</body></html>"
)


@never_cache
def one_row(request, pk):
    return HttpResponse(ONE_ROW.render({"article": get_object_or_404(Article, pk=pk)}))


LATEST_FEED = never_cache(LatestArticlesFeed())


def feed_cold(request):
    caching.bump("site")  # which every feed entry is cached under
    return LATEST_FEED(request)


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/one-row/<int:pk>/", one_row),
    path("bench/feed-built/", LATEST_FEED),
    path("bench/feed-cold/", feed_cold),
    path("", include("portal.urls")),
]
