from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "metis.workflow"
    verbose_name = _("Mission cycle workflow")

    def ready(self):
        from .receivers import connect

        connect()
