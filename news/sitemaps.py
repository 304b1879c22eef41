"""Sitemaps of the news app: published articles and categories."""

from django.contrib.sitemaps import Sitemap

from . import blocks
from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "never"
    # Small pages keep each response quick; the index lists them all.
    limit = 2000

    def items(self):
        return Article.objects.published().only("pk", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return [category for category in blocks.category_tree() if category.is_visible]
