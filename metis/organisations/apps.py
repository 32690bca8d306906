from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "metis.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
