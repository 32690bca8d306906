from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TokensConfig(AppConfig):
    name = "metis.tokens"
    verbose_name = _("API tokens")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
