from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("资讯")

    def ready(self):
        # Connect the search index to article changes, and the view counter to new database connections.
        from . import counters, receivers  # noqa: F401
        from .publishing import receivers as publishing_receivers  # noqa: F401
        from .workflow import revisions  # noqa: F401  (registers Article with django-reversion)

        self.register_cache_areas()

    @staticmethod
    def register_cache_areas():
        """The "content" area of portal.caching: everything cached pages show of this app."""
        from taggit.models import Tag, TaggedItem

        from portal.caching import bump, register_model, register_schedule

        from .models import Article, Category, Source
        from .signals import articles_changed
        from .topics.models import Topic, TopicArticle, TopicSection

        for model in (Article, Category, Source, Tag, TaggedItem, Topic, TopicSection, TopicArticle):
            register_model(model, "content")
        register_schedule(Article.objects.next_publication, "content")
        # Bulk writes (importers, bulk actions) send no post_save.
        articles_changed.connect(lambda **kwargs: bump("content"), weak=False, dispatch_uid="bump-articles-changed")
