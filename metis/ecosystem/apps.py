from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "metis.ecosystem"
    verbose_name = _("Local ecosystem")

    def ready(self):
        from . import permissions  # noqa: F401
