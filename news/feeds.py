"""RSS 2.0 and Atom feeds of the latest articles, site-wide and per category.

Feed readers render RSS `<description>` and Atom `<summary type="html">` as
HTML, while our summaries (核心提示) are plain text: they are escaped, so a
summary that reads "<img onerror=…>" stays text. The full article goes in
RSS `content:encoded` and Atom `<content type="html">`, sanitised by the same
allow-list as the page (on save, like the page), with its links and pictures made absolute.
"""

import re
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from portal.models import SiteSettings

from . import blocks
from .models import Article
from .sanitizer import split_pages

FEED_LENGTH = 30

# The sanitiser writes every attribute value in double quotes.
_URL_ATTRIBUTE = re.compile(r'(\s(?:src|href)=")([^"]*)"')


def absolute_urls(html, base):
    """`html` with its src and href values resolved against `base`: a feed is read on another site."""
    return _URL_ATTRIBUTE.sub(lambda match: f'{match[1]}{urljoin(base, match[2])}"', html)


class FullContentMixin:
    """Writes an item's `content` (sanitised HTML) in the feed's full-content element."""

    content_element = content_attributes = None

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            content = absolute_urls(item["content"], item["link"])
            handler.addQuickElement(self.content_element, content, self.content_attributes)


class ArticleRssFeed(FullContentMixin, Rss201rev2Feed):
    content_element, content_attributes = "content:encoded", {}

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}


class ArticleAtomFeed(FullContentMixin, Atom1Feed):
    content_element, content_attributes = "content", {"type": "html"}


class LatestArticlesFeed(Feed):
    """The latest published articles of the whole site (RSS 2.0)."""

    feed_type = ArticleRssFeed

    def title(self):
        return SiteSettings.load().site_name

    def subtitle(self, obj=None):
        """The feed's plain-text description (Atom's subtitle is text)."""
        return SiteSettings.load().description

    def description(self, obj=None):
        return escape(self.subtitle(obj))

    def link(self):
        return reverse("news:home")

    def feed_url(self):
        return reverse("news:feed-rss")

    def items(self):
        return Article.objects.published().select_related("category", "source")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary) if item.summary else None

    def item_extra_kwargs(self, item):
        # Bodies are sanitised on every write (Article.prepare_for_save), as the page relies on;
        # a feed reader gets the pages of a long article as one text.
        return {"content": "".join(split_pages(item.body))}

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or (item.source.name if item.source else None)

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = ArticleAtomFeed

    def feed_url(self):
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
        return Article.objects.published().in_category(category).select_related("category", "source")[:FEED_LENGTH]


class CategoryAtomFeed(CategoryFeed):
    feed_type = ArticleAtomFeed

    def feed_url(self, category):
        return reverse("news:category-feed-atom", kwargs={"slug": category.slug})
