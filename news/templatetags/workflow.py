"""{% workflow_counts %}: the admin index's box of what waits for the user (待审稿件, 我的稿件)."""

from django import template
from django.db.models import Count, Q

from news.models import Article
from news.workflow.steps import reviewable_filter

register = template.Library()


@register.inclusion_tag("admin/news/workflow_counts.html", takes_context=True)
def workflow_counts(context):
    user = context["request"].user
    if not user.has_perm("news.view_article"):
        return {"show": False}
    mine = Article.objects.filter(created_by=user).aggregate(
        drafts=Count("pk", filter=Q(status=Article.Status.DRAFT)),
        pending=Count("pk", filter=Q(status=Article.Status.PENDING) | Q(revision_state="pending")),
        returned=Count("pk", filter=Q(status=Article.Status.RETURNED) | Q(revision_state="returned")),
    )
    return {
        "show": True,
        "can_audit": user.has_perm("news.view_articleevent"),
        "to_review": Article.objects.filter(reviewable_filter(user)).count(),
        "mine": mine,
    }
