"""Every write to an article is compared with its last event: saves, and bulk writes that send `articles_changed`.

The event is recorded in the writer's transaction (a rolled-back save
records nothing); its side effects are queued once that transaction commits.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..models import Article
from ..signals import articles_changed
from .events import record_changes


@receiver(post_save, sender=Article, dispatch_uid="publishing-record-saved-article")
def record_saved_article(sender, instance, raw=False, **kwargs):
    if not raw:
        record_changes([instance.pk])


@receiver(articles_changed, dispatch_uid="publishing-record-changed-articles")
def record_changed_articles(sender, ids, **kwargs):
    record_changes(ids)
