"""Panels of the admin dashboard (templates/admin/index.html)."""

from django import template

from news import dashboard

register = template.Library()


@register.inclusion_tag("admin/news/dashboard/published.html")
def published_counts():
    return {"counts": dashboard.published_counts()}


@register.inclusion_tag("admin/news/dashboard/views.html")
def site_views_chart():
    return {"chart": dashboard.site_views_chart()}
