"""Sitemaps of the news app: published articles and categories."""

from django.contrib.sitemaps import Sitemap

from . import blocks
from .models import Article, Topic


class ArticleSitemap(Sitemap):
    changefreq = "never"
    # Small pages keep each response quick; the index lists them all.
    limit = 2000

    def items(self):
        return Article.objects.published().only("pk", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # The index lists the article pages without a lastmod. Sitemap's own
        # version calls lastmod() on every published article (seconds at 1M),
        # and even MAX(updated_at) scans the table; Django would give every page
        # of the section that same date anyway. Each URL carries its own lastmod.
        return None


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return [category for category in blocks.category_tree() if category.is_visible]


class TopicSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Topic.objects.published().only("slug", "updated_at")

    def lastmod(self, topic):
        return topic.updated_at
