from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "metis.valuation"
