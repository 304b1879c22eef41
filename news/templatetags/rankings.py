from django import template

from news.rankings import top_articles

register = template.Library()


@register.inclusion_tag("admin/news/most_read.html")
def most_read_this_week(limit=10):
    """The admin index's "most read this week" list (7 rolling days)."""
    return {"articles": top_articles("week", limit)}
