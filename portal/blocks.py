"""The site frame's data from portal's own tables: settings, promotion strip, footer links."""

from django.utils import timezone

from .caching import cached
from .models import FooterPage, Promotion


def site_frame():
    """{"promotions", "footer_pages"}: cached until anything in the "site" area changes.

    `promotions`: the enabled ones not yet ended (running or still to come);
    a start or end time passing is a scheduled change (portal.apps).
    """

    def load():
        return {
            "promotions": list(Promotion.objects.not_ended()),
            "footer_pages": list(FooterPage.objects.published().defer("body")),
        }

    return cached("site-frame", load, areas=("site",))


def promotions():
    """The active promotions, in order."""
    return [promotion for promotion in site_frame()["promotions"] if promotion.is_active(timezone.now())]


def footer_pages():
    """The published footer pages in order (with updated_at for the sitemap's lastmod)."""
    return site_frame()["footer_pages"]
