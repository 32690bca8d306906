from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "metis.needs"
    verbose_name = _("Needs and participations")

    def ready(self):
        from metis.core.demo import DEMO_EXTENSIONS

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .demo import load_needs_demo

        if load_needs_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_needs_demo)
