from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "metis.allocations"
