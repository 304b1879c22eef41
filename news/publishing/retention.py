"""How long the worker's records are kept: task results, deliveries, and events that decide nothing any more.

Kept for good: the 发布 and 撤下 events (they number an article's periods on the
site, which the next event's occasion is built from), every article's last
event (the next change is compared with it), and the audit trail
(ArticleEvent: who did what to an article is the site's answer to an inspection).
Pruned after PUBLISHING_KEEP_DAYS: finished task results (django-tasks-db's own
`prune_db_task_results`), finished deliveries, 更新 events that are not their
article's last, and 删除 events; and cover files that nothing names any more
(news/workflow/covers.py: uploads of changes that never went live). The worker's
clock prunes every PUBLISHING_PRUNE_INTERVAL seconds; `manage.py prune_publishing`
does it by hand.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from news.workflow import covers

from .models import Delivery, PublicationEvent

Kind = PublicationEvent.Kind


def _uses_task_table():
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def prunable(days=None):
    """{label: queryset} of what is old enough to go; `days` defaults to PUBLISHING_KEEP_DAYS."""
    days = settings.PUBLISHING_KEEP_DAYS if days is None else days
    before = timezone.now() - timedelta(days=days)
    last = PublicationEvent.objects.filter(article=OuterRef("article")).order_by("-id").values("pk")[:1]
    unfinished = Delivery.objects.exclude(status__in=Delivery.FINISHED).values("event")
    events = (
        PublicationEvent.objects.filter(created_at__lt=before)
        .filter(Q(kind=Kind.DELETED) | Q(kind=Kind.UPDATED) & ~Q(pk=Subquery(last)))
        .exclude(pk__in=unfinished)
    )
    found = {
        "推送与动作": Delivery.objects.filter(status__in=Delivery.FINISHED, finished_at__lt=before),
        "发布事件": events,
    }
    if _uses_task_table():
        from django_tasks_db.models import DBTaskResult

        # Counted here; deleted by the package's own command, which applies the same rule.
        found["任务结果"] = DBTaskResult.objects.finished().filter(finished_at__lte=before)
    return found


def prune(days=None, *, dry_run=False):
    """Delete what `prunable(days)` finds and the covers nothing names (nothing with `dry_run`); returns counts."""
    days = settings.PUBLISHING_KEEP_DAYS if days is None else days
    found = prunable(days)
    counts = {label: queryset.count() for label, queryset in found.items()}
    if not dry_run:
        found["发布事件"].delete()  # their deliveries go with them
        found["推送与动作"].delete()
        if "任务结果" in found:
            call_command("prune_db_task_results", queue_name="*", min_age_days=days, verbosity=0)
    # Files last: a storage that fails leaves the records pruned all the same.
    counts["封面文件"] = len(covers.prune(days, dry_run=dry_run))
    return counts


_last_pruned = None


def prune_if_due():
    """The clock's call: prune at most once per PUBLISHING_PRUNE_INTERVAL in this process (0: never)."""
    global _last_pruned
    interval = settings.PUBLISHING_PRUNE_INTERVAL
    if not interval or (_last_pruned is not None and time.monotonic() - _last_pruned < interval):
        return None
    _last_pruned = time.monotonic()
    return prune()
