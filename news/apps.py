from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("资讯")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the search index to article changes
