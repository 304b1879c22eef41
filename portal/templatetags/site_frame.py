"""The frame every page shows: logo, promotion strip and footer links (cached blocks)."""

from django import template

from news.thumbnails import thumbnail

from .. import blocks

register = template.Library()


@register.inclusion_tag("portal/includes/brand.html", takes_context=True)
def brand(context):
    site = context.get("site")
    if site is None:
        return {}
    return {"site": site, "logo": thumbnail(site.logo, "logo") if site.logo else None}


@register.inclusion_tag("portal/includes/promotions.html")
def promotion_strip():
    return {"promotions": blocks.promotions()}


@register.inclusion_tag("portal/includes/footer_links.html")
def footer_links():
    return {"pages": blocks.footer_pages()}
