from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationsConfig(AppConfig):
    name = "metis.allocations"
    verbose_name = _("Allocations")

    def ready(self):
        from metis.core.workers import housekeeping

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import allocation_runs_expire

        housekeeping(allocation_runs_expire)
