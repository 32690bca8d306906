from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "metis.calls"
    verbose_name = _("Calls for applications")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
