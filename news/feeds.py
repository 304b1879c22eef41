"""RSS 2.0 and Atom feeds of the latest articles, site-wide and per category.

Feed readers render RSS `<description>` and Atom `<summary type="html">` as
HTML, while our summaries (核心提示) are plain text: they are escaped, so a
summary that reads "<img onerror=…>" stays text. The full article goes in
RSS `content:encoded` and Atom `<content type="html">`, sanitised by the same
allow-list as the page (on save, like the page), with its links and pictures made absolute.

The views are Django's syndication framework's but for get_feed(): each
article's entry is written once per version of the article and cached, where
syndication reads and writes all thirty on every build. A publish rebuilds a
feed with one entry written and the rest read (bench/list_pages.py, "feed,
built": 0.08× → 0.49× the one-row page with Redis, 0.12× → 0.32× on the file cache).
"""

import re
from io import StringIO
from urllib.parse import urljoin

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.xmlutils import SimplerXMLGenerator

from portal.caching import cached, cached_each
from portal.models import SiteSettings

from . import blocks
from .models import Article
from .sanitizer import split_pages

FEED_LENGTH = 30
# Entries are stored under their article's version: they need not expire soon.
ENTRY_TIMEOUT = 24 * 3600

# The sanitiser writes every attribute value in double quotes.
_URL_ATTRIBUTE = re.compile(r'(\s(?:src|href)=")([^"]*)"')


def absolute_urls(html, base):
    """`html` with its src and href values resolved against `base`: a feed is read on another site."""
    return _URL_ATTRIBUTE.sub(lambda match: f'{match[1]}{urljoin(base, match[2])}"', html)


class WrittenEntriesMixin:
    """A feed generator whose items are entries written beforehand (`written_entry()`), plus full content."""

    item_element = content_element = content_attributes = None

    def written_entry(self, **kwargs):
        """One entry (add_item()'s arguments) as the XML this feed type writes for it, and its dates."""
        self.add_item(**kwargs)  # which normalises the arguments as add_item_elements() reads them
        item = self.items.pop()
        stream = StringIO()
        handler = SimplerXMLGenerator(stream, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)
        return {"xml": stream.getvalue(), "pubdate": item["pubdate"], "updateddate": item["updateddate"]}

    def write_items(self, handler):
        for item in self.items:
            # ignorableWhitespace() writes its text as it is: XML that written_entry() wrote.
            handler.ignorableWhitespace(item["xml"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            content = absolute_urls(item["content"], item["link"])
            handler.addQuickElement(self.content_element, content, self.content_attributes)


class ArticleRssFeed(WrittenEntriesMixin, Rss201rev2Feed):
    item_element, content_element, content_attributes = "item", "content:encoded", {}

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}


class ArticleAtomFeed(WrittenEntriesMixin, Atom1Feed):
    item_element, content_element, content_attributes = "entry", "content", {"type": "html"}


class LatestArticlesFeed(Feed):
    """The latest published articles of the whole site (RSS 2.0)."""

    feed_type = ArticleRssFeed

    def title(self, obj=None):
        return SiteSettings.load().site_name

    def subtitle(self, obj=None):
        """The feed's plain-text description (Atom's subtitle is text)."""
        return SiteSettings.load().description

    def link(self, obj=None):
        return reverse("news:home")

    def feed_url(self, obj=None):
        return reverse("news:feed-rss")

    def items(self, obj=None):
        return Article.objects.published()

    def get_feed(self, obj, request):
        """The feed of `obj` (a category, or None for the whole site), its entries from the cache where they are."""
        domain, secure = get_current_site(request).domain, request.is_secure()
        subtitle = self.subtitle(obj)
        feed = self.feed_type(
            title=self.title(obj),
            subtitle=subtitle,
            description=escape(subtitle),
            link=add_domain(domain, self.link(obj), secure),
            feed_url=add_domain(domain, self.feed_url(obj), secure),
            language=get_language(),
        )
        ids = cached(
            f"feed-ids:{self.feed_url(obj)}",
            lambda: list(self.items(obj).values_list("pk", flat=True)[:FEED_LENGTH]),
            areas=("site", "lists"),  # "site": categories, which a category's feed reads
        )

        def write(missing):
            articles = self.items(obj).select_related("category", "source").in_bulk(missing)
            return {pk: feed.written_entry(**self.entry(article, domain, secure)) for pk, article in articles.items()}

        entries = cached_each(
            ids,
            name=lambda pk: f"feed-entry:{self.feed_type.__name__}:{domain}:{secure}:{pk}",
            areas=lambda pk: ("site", f"article:{pk}"),  # categories' and sources' names: "site"
            compute=write,
            timeout=ENTRY_TIMEOUT,
        )
        feed.items = [entries[pk] for pk in ids if pk in entries]
        return feed

    def entry(self, article, domain, secure):
        """What the feed says of `article`: add_item()'s arguments."""
        link = add_domain(domain, article.get_absolute_url(), secure)
        return {
            "title": article.title,
            "link": link,
            "unique_id": link,
            "description": escape(article.summary) if article.summary else None,
            "pubdate": self.item_pubdate(article),
            "updateddate": self.item_updateddate(article),
            "author_name": article.author or (article.source.name if article.source else None),
            "categories": [article.category.name],
            # Bodies are sanitised on every write (Article.prepare_for_save), as the page relies on;
            # a feed reader gets the pages of a long article as one text.
            "content": "".join(split_pages(article.body)),
        }

    # Their being defined makes Feed.__call__ send Last-Modified, for conditional GETs.
    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = ArticleAtomFeed

    def feed_url(self, obj=None):
        return reverse("news:feed-atom")


class CategoryFeed(LatestArticlesFeed):
    """The latest published articles of one category and its sub-categories (RSS 2.0)."""

    def get_object(self, request, slug):
        return blocks.category_by_slug(slug)

    def title(self, category):
        return f"{category.name} - {SiteSettings.load().site_name}"

    def subtitle(self, category):
        return category.description or SiteSettings.load().description

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse("news:category-feed-rss", kwargs={"slug": category.slug})

    def items(self, category):
        return Article.objects.published().in_category(category)


class CategoryAtomFeed(CategoryFeed):
    feed_type = ArticleAtomFeed

    def feed_url(self, category):
        return reverse("news:category-feed-atom", kwargs={"slug": category.slug})
