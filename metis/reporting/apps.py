from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "metis.reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data
        from metis.core.workers import housekeeping
        from metis.ledger.checks import ROLL_UP_CHECKS

        from .checks import programme_validated_month_differences, validated_month_differences
        from .opendata.publish import open_data_daily
        from .services import calendar_feed_erase

        register_personal_data(erase=calendar_feed_erase)
        ROLL_UP_CHECKS.extend([validated_month_differences, programme_validated_month_differences])
        housekeeping(open_data_daily)
