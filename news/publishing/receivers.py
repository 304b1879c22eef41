"""Every write to an article is compared with its last event: saves, and bulk writes that send `articles_changed`.

The event is recorded in the writer's transaction (a rolled-back save
records nothing); its side effects are queued once that transaction commits.
"""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from ..models import Article
from ..signals import articles_changed
from .events import FINGERPRINT_FIELDS, record_changes, record_deletion

# The fields a save must touch to change what readers see.
WATCHED_FIELDS = frozenset({"status", "published_at", *(field.removesuffix("_id") for field in FINGERPRINT_FIELDS)})


@receiver(post_save, sender=Article, dispatch_uid="publishing-record-saved-article")
def record_saved_article(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not WATCHED_FIELDS & set(update_fields)):
        # A fixture being loaded, or a save of a counter or a flag.
        return
    record_changes([instance.pk])


@receiver(articles_changed, dispatch_uid="publishing-record-changed-articles")
def record_changed_articles(sender, ids, **kwargs):
    record_changes(ids)


@receiver(pre_delete, sender=Article, dispatch_uid="publishing-record-deleted-article")
def record_deleted_article(sender, instance, **kwargs):
    record_deletion(instance)
