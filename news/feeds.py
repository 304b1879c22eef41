"""RSS 2.0 and Atom feeds of the latest articles, site-wide and per category."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from portal.models import SiteSettings

from . import blocks
from .models import Article

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The latest published articles of the whole site (RSS 2.0)."""

    def title(self):
        return SiteSettings.load().site_name

    def description(self):
        return SiteSettings.load().description

    def link(self):
        return reverse("news:home")

    def feed_url(self):
        return reverse("news:feed-rss")

    def items(self):
        return Article.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or (item.source.name if item.source else None)

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return reverse("news:feed-atom")


class CategoryFeed(LatestArticlesFeed):
    """The latest published articles of one category and its sub-categories (RSS 2.0)."""

    def get_object(self, request, slug):
        return blocks.category_by_slug(slug)

    def title(self, category):
        return f"{category.name} - {SiteSettings.load().site_name}"

    def description(self, category):
        return category.description or SiteSettings.load().description

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse("news:category-feed-rss", kwargs={"slug": category.slug})

    def items(self, category):
        return Article.objects.published().in_category(category).for_list()[:FEED_LENGTH]


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = CategoryFeed.description

    def feed_url(self, category):
        return reverse("news:category-feed-atom", kwargs={"slug": category.slug})
