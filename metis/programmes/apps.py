from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "metis.programmes"

    def ready(self):
        from . import permissions  # noqa: F401 - registers the rules permissions
