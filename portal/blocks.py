"""The site frame's blocks (promotion strip, footer links), cached per content version."""

from django.utils import timezone

from news.thumbnails import thumbnails

from .caching import bump_content_version, cached
from .models import FooterPage, Promotion


def promotions():
    """The active promotions, in order. A start or end time passing is a content change."""

    def load():
        items, until = Promotion.objects.strip()
        found = thumbnails([promotion.image for promotion in items if promotion.image], "promotion")
        for promotion in items:
            promotion.thumb = found.get(promotion.image.name) if promotion.image else None
        return {"items": items, "until": until}

    strip = cached("promotions", load)
    if strip["until"] and strip["until"] <= timezone.now():
        bump_content_version()
        strip = cached("promotions", load)
    return strip["items"]


def footer_pages():
    # updated_at: the sitemap's lastmod (portal.sitemaps), without a query per page.
    return cached("footer-pages", lambda: list(FooterPage.objects.published().only("slug", "title", "updated_at")))
