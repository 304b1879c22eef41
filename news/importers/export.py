"""Articles as schema objects (see schema.py), for `export_articles` and round trips.

Images are exported by URL: relative addresses in bodies and covers are made
absolute against SITE_URL, so another site (or this one, after a restore)
can import them by downloading. With `media_paths` they stay media paths
(/media/covers/….png), which `import_articles --media-root FOLDER` reads from
a copy of the media folder: for a SITE_URL no one else can reach.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

from ..models import Article
from .bodies import resolve_links


def _category(category):
    if category is None:
        return None
    data = {"slug": category.slug, "name": category.name}
    if category.parent_id:
        data["parent"] = _category(category.parent)
    return data


def site_url_is_public():
    """Whether SITE_URL names an address other sites can fetch from (not localhost or a private address)."""
    host = (urlsplit(settings.SITE_URL).hostname or "").lower()
    if host in ("", "localhost") or host.endswith((".localhost", ".local", ".internal", ".invalid")):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host


def article_data(article, media_paths=False):
    base = settings.SITE_URL + "/"
    cover = ""
    if article.cover:
        cover = article.cover.url if media_paths else settings.SITE_URL + article.cover.url
    return {
        "import_key": article.import_key or settings.SITE_URL + article.get_absolute_url(),
        "title": article.title,
        "body": article.body if media_paths else resolve_links(article.body, base),
        "summary": article.summary,
        "author": article.author,
        "published_at": article.published_at.isoformat(),
        "status": article.status,
        "category": _category(article.category),
        "source": {"name": article.source.name, "website": article.source.website} if article.source_id else None,
        "tags": sorted(tag.name for tag in article.tags.all()),
        "original_url": article.original_url or "",
        "cover": cover,
        "is_recommended": article.is_recommended,
        "is_headline": article.is_headline,
    }


def exported_articles(category=None, since=None, until=None):
    """The articles to export, oldest first, fetched in chunks so memory stays flat."""
    articles = Article.objects.select_related("category__parent", "source").prefetch_related("tags")
    if category is not None:
        articles = articles.in_category(category)
    if since is not None:
        articles = articles.filter(published_at__gte=since)
    if until is not None:
        articles = articles.filter(published_at__lt=until)
    return articles.order_by("published_at", "pk").iterator(chunk_size=500)
