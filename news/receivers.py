"""Keep the search index in step with the articles; clean footer pages' HTML.

Saves and deletes come through the model signals; bulk writes that bypass
them (importers, admin bulk actions, the benchmark generator) send
`articles_changed` with the ids. Indexing runs in the writer's transaction,
so a rolled-back save leaves no index entry behind.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from portal.models import FooterPage

from . import search
from .models import Article
from .sanitizer import clean_html
from .signals import articles_changed

INDEXED_FIELDS = frozenset({"title", "body"})


@receiver(post_save, sender=Article, dispatch_uid="search-index-article")
def index_saved_article(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not INDEXED_FIELDS & set(update_fields):
        # A save that did not touch the indexed text (a view count, a flag).
        return
    search.index_article(instance)


@receiver(post_delete, sender=Article, dispatch_uid="search-remove-article")
def remove_deleted_article(sender, instance, **kwargs):
    search.remove([instance.pk])


@receiver(articles_changed, dispatch_uid="search-index-changed-articles")
def index_changed_articles(sender, ids, **kwargs):
    search.index(ids)


@receiver(pre_save, sender=FooterPage, dispatch_uid="sanitize-footer-page")
def sanitize_footer_page(sender, instance, **kwargs):
    # Footer pages are edited in the same editor as articles, and cleaned by the same rules.
    instance.body = clean_html(instance.body)
