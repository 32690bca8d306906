from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "metis.civic"
    verbose_name = _("Professional civic service")
