from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "metis.documents"
    verbose_name = _("Documents")

    def ready(self):
        from metis.core.demo import DEMO_EXTENSIONS

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .demo import load_documents_demo

        if load_documents_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_documents_demo)
