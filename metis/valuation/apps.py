from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "metis.valuation"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules permissions)
