from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "metis.sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data

        from . import (
            permissions,  # noqa: F401 - registers the rules permissions
            personal_data,
        )

        register_personal_data(export=personal_data.export, erase=personal_data.erase)
