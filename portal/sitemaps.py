"""Sitemaps of the site's own pages: home, the HTML site map and the footer pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import blocks


class StaticPageSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.8

    def items(self):
        return ["news:home", "portal:sitemap"]

    def location(self, name):
        return reverse(name)


class FooterPageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return blocks.footer_pages()

    def lastmod(self, page):
        return page.updated_at
