from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "metis.events"
    verbose_name = _("Events")

    def ready(self):
        from metis.core.workers import housekeeping

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .services.reminders import event_reminders_send

        housekeeping(event_reminders_send)
