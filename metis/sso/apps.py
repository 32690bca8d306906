from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "metis.sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
