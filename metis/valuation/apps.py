from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuationConfig(AppConfig):
    name = "metis.valuation"
    verbose_name = _("Valuation")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
