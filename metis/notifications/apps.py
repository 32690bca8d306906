from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "metis.notifications"
    verbose_name = _("Notices")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data

        from . import personal_data

        register_personal_data(
            export=personal_data.export, erase=personal_data.erase, purge=personal_data.purge
        )
