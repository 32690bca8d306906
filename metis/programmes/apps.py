from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "metis.programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
