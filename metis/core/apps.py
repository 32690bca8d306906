from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "metis.core"
