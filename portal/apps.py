import axes.apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("网站")

    def ready(self):
        from .caching import register_model, register_schedule
        from .models import FooterPage, Promotion, SiteSettings

        # The "site" area: what every page's frame shows from these tables.
        for model in (SiteSettings, Promotion, FooterPage):
            register_model(model, "site")
        register_schedule(Promotion.objects.next_change, "site")


class AxesConfig(axes.apps.AppConfig):
    """django-axes (login lock-out) under a Chinese name in the admin."""

    verbose_name = _("登录防护")
