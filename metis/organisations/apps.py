from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "metis.organisations"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
