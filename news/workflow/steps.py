"""Which review steps an article walks, and who holds each."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import ReviewStep

# With no step configured at all, one step held by this group (migration
# 0016_editorial_workflow also stores it as a ReviewStep, editable in the admin).
DEFAULT_GROUP = "主编"
DEFAULT_STEP_NAME = _("主编审核")


@dataclass(frozen=True)
class Step:
    name: str
    group_id: int | None
    group_name: str


def steps_for(article):
    """The steps of `article` in order: its top-level category's own, else the site-wide ones."""
    configured = list(ReviewStep.objects.select_related("group"))
    steps = _for_category(configured, article.category if article.category_id else None)
    if steps:
        return [Step(step.name, step.group_id, step.group.name) for step in steps]
    return [Step(str(DEFAULT_STEP_NAME), None, DEFAULT_GROUP)]


def _for_category(steps, category):
    top = (category.parent_id or category.pk) if category else None
    own = [step for step in steps if top and step.category_id == top]
    return own or [step for step in steps if step.category_id is None]


def current_step(article):
    steps = steps_for(article)
    return steps[min(article.review_step, len(steps) - 1)]


def is_last_step(article):
    return article.review_step >= len(steps_for(article)) - 1


def holds(user, step):
    """May `user` approve or return at `step`?"""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if step.group_id is not None:
        return user.groups.filter(pk=step.group_id).exists()
    return user.groups.filter(name=step.group_name).exists()


def is_reviewer(user):
    """Does `user` hold any review step (or the default one)?"""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    groups = set(ReviewStep.objects.values_list("group_id", flat=True))
    return user.groups.filter(pk__in=groups).exists() or user.groups.filter(name=DEFAULT_GROUP).exists()


def reviewable_filter(user):
    """A Q of the pending articles (or pending changes) waiting at a step `user` holds: 待审稿件."""
    from django.db.models import Q

    from news.models import Article

    waiting = Q(status=Article.Status.PENDING) | Q(revision_state="pending")
    if user.is_superuser:
        return waiting
    configured = list(ReviewStep.objects.select_related("group"))
    mine = set(user.groups.values_list("pk", flat=True))
    if not configured:
        return waiting if user.groups.filter(name=DEFAULT_GROUP).exists() else Q(pk__in=[])
    # For each scope (a top-level category or the site), the step numbers held by the user.
    scopes = {}
    for step in configured:
        scopes.setdefault(step.category_id, []).append(step)
    own_tops = [top for top in scopes if top is not None]
    condition = Q(pk__in=[])
    for top, steps in scopes.items():
        numbers = [index for index, step in enumerate(steps) if step.group_id in mine]
        if not numbers:
            continue
        if top is None:
            where = ~Q(category_id__in=own_tops) & ~Q(category__parent_id__in=own_tops)
        else:
            where = Q(category_id=top) | Q(category__parent_id=top)
        condition |= where & Q(review_step__in=numbers)
    return waiting & condition
