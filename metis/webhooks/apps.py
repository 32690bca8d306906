from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "metis.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from metis.core.workers import housekeeping

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .sending import deliveries_send_due

        housekeeping(deliveries_send_due)
