from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "metis.events"
    verbose_name = _("Events")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data
        from metis.core.workers import housekeeping

        from . import (
            permissions,  # noqa: F401  (registers the rules permissions)
            personal_data,
        )
        from .services.reminders import event_reminders_send

        housekeeping(event_reminders_send)
        register_personal_data(
            export=personal_data.export, erase=personal_data.erase, purge=personal_data.purge
        )
