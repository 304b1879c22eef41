import axes.apps
from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("网站")

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from news.models import Article, Category, Source, Topic, TopicArticle, TopicSection

        from .caching import bump_content_version
        from .models import FooterPage, Promotion, SiteSettings

        # Everything a cached block or page may show. Bulk updates do not send
        # these signals: code that uses them calls bump_content_version() itself.
        # 专题 pages and the article pages that link to them show the topic models.
        topics = (Topic, TopicSection, TopicArticle)
        for model in (Article, Category, Source, Tag, TaggedItem, SiteSettings, Promotion, FooterPage, *topics):
            post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}-save")
            post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}-delete")


class AxesConfig(axes.apps.AppConfig):
    """django-axes (login lock-out) under a Chinese name in the admin."""

    verbose_name = _("登录防护")
