from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "metis.outcomes"
    verbose_name = _("Mission outcomes")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
