"""Navigation and sidebar blocks of the reader site, each read from a cached block."""

import json

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from portal import blocks as site_blocks
from portal.caching import cached

from .. import blocks, rankings
from ..thumbnails import thumbnail, thumbnails

register = template.Library()


@register.inclusion_tag("portal/includes/brand.html", takes_context=True)
def brand(context):
    site = context.get("site")
    if site is None:
        return {}
    return {"site": site, "logo": thumbnail(site.logo, "logo") if site.logo else None}


@register.inclusion_tag("portal/includes/promotions.html")
def promotion_strip():
    items = site_blocks.promotions()
    found = thumbnails([promotion.image for promotion in items if promotion.image], "promotion")
    for promotion in items:
        promotion.thumb = found.get(promotion.image.name) if promotion.image else None
    return {"promotions": items}


@register.inclusion_tag("news/includes/category_nav.html")
def category_nav(current=None):
    current_ids = set()
    if current:
        current_ids = {current.pk, current.parent_id}
    return {"categories": blocks.navigation(), "current_ids": current_ids}


@register.inclusion_tag("news/includes/recommended_pictures.html")
def recommended_pictures():
    return {"articles": blocks.recommended()["pictures"]}


@register.inclusion_tag("news/includes/recommended_news.html")
def recommended_news():
    return {"articles": blocks.recommended()["news"]}


@register.simple_tag
def most_read():
    """点击排行 as HTML; its data comes from blocks.most_read_articles() alone.

    The HTML is cached for RANKING_CACHE_SECONDS only and per day: view counts
    change the ranking without a content change.
    """
    period = rankings.sidebar_period()

    def render():
        context = {
            "articles": blocks.most_read_articles(),
            "period": period,
            "periods": [(key, label) for key, (label, _days) in rankings.PERIODS.items()],
        }
        return render_to_string("news/includes/most_read.html", context)

    key = f"fragment:most-read:{period}:{timezone.localdate().isoformat()}"
    # Not kept past a site-wide change (a withdrawal is one); titles may lag by the timeout.
    return mark_safe(cached(key, render, areas=("site",), timeout=settings.RANKING_CACHE_SECONDS))


@register.inclusion_tag("news/includes/thumbnail.html")
def thumbnail_img(thumb, alt, lazy=True):
    return {"thumb": thumb, "alt": alt, "lazy": lazy}


@register.simple_tag(takes_context=True)
def share_image(context, article=None):
    """Absolute URL of the picture for Open Graph and JSON-LD: the cover, or the site's default."""
    return share_image_url(context["request"], article)


def share_image_url(request, article=None):
    if article is not None and article.cover:
        return request.build_absolute_uri(article.cover.url)
    return request.build_absolute_uri(static("img/share.png"))


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """JSON-LD NewsArticle for search engines, escaped like `json_script` so no text can end the element."""
    request, site = context["request"], context["site"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": Truncator(article.description).chars(160),
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "author": {"@type": "Person", "name": article.author}
        if article.author
        else {"@type": "Organization", "name": article.source.name if article.source else site.site_name},
        "publisher": {"@type": "Organization", "name": site.site_name},
        "articleSection": article.category.name,
    }
    if site.logo:
        data["publisher"]["logo"] = {"@type": "ImageObject", "url": request.build_absolute_uri(site.logo.url)}
    data["image"] = [share_image_url(request, article)]
    if article.responsible_editor:
        data["editor"] = {"@type": "Person", "name": article.responsible_editor}
    if article.correction:
        data["correction"] = {
            "@type": "CorrectionComment",
            "text": article.correction,
            **({"datePublished": article.corrected_at.isoformat()} if article.corrected_at else {}),
        }
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
