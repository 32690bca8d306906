from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "metis.allocations"

    def ready(self):
        from metis.core.workers import housekeeping

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import allocation_runs_expire

        housekeeping(allocation_runs_expire)
