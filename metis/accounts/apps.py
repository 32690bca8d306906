from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "metis.accounts"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
