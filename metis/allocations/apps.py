from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "metis.allocations"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
