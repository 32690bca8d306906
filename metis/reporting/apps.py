from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "metis.reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data

        from .services import calendar_feed_erase

        register_personal_data(erase=calendar_feed_erase)
