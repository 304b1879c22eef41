from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("资讯")

    def ready(self):
        # Connect the search index to article changes.
        from . import cache_areas, receivers  # noqa: F401
        from .publishing import receivers as publishing_receivers  # noqa: F401
        from .workflow import revisions  # noqa: F401  (registers Article with django-reversion)

        cache_areas.register()
