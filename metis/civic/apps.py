from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "metis.civic"
    verbose_name = _("Professional civic service")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
