from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "metis.accounts"
    verbose_name = _("Accounts and memberships")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
