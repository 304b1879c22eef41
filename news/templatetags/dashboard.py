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


@register.inclusion_tag("admin/news/dashboard/my_articles.html", takes_context=True)
def my_articles(context):
    return {"articles": dashboard.my_articles(context["request"].user)}


@register.inclusion_tag("admin/news/dashboard/imports.html")
def recent_imports():
    return {"runs": dashboard.recent_imports()}
