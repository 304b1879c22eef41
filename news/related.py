"""相关阅读: published articles that share the most tags with an article, newest first among equals."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from taggit.models import TaggedItem

from .models import Article

RELATED_LENGTH = 6
# Only the most recently tagged articles of the article's tags are weighed
# (tagged items are written as articles are, so higher ids are newer): the
# cost stays the same however many articles a popular tag has.
CANDIDATES = 200


def related_articles(article, fallback=(), limit=RELATED_LENGTH):
    """Up to `limit` articles sharing tags with `article`, topped up from `fallback` (say, its category's latest)."""
    tag_ids = (
        [tag.pk for tag in article.tag_list]
        if hasattr(article, "tag_rows")
        else list(article.tags.values_list("pk", flat=True))
    )
    related = []
    if tag_ids:
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids
        ).exclude(object_id=article.pk)
        shared = (
            items.filter(object_id=OuterRef("pk")).order_by().values("object_id").annotate(n=Count("pk")).values("n")
        )
        related = list(
            Article.objects.published()
            .for_list()
            .filter(pk__in=items.order_by("-object_id").values("object_id")[:CANDIDATES])
            .annotate(shared_tags=Subquery(shared))
            .order_by("-shared_tags", "-published_at", "-id")[:limit]
        )
    seen = {article.pk, *(other.pk for other in related)}
    related += [other for other in fallback if other.pk not in seen][: limit - len(related)]
    return related
