from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "metis.workflow"

    def ready(self):
        from .receivers import connect

        connect()
