"""The frame's links from portal's own tables (the blocks that show articles are in news_blocks)."""

from django import template

from .. import blocks

register = template.Library()


@register.inclusion_tag("portal/includes/footer_links.html")
def footer_links():
    return {"pages": blocks.footer_pages()}
