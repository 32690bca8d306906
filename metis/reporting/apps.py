from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "metis.reporting"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
