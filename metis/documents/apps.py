from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "metis.documents"
    verbose_name = _("Documents")

    def ready(self):
        from metis.core.demo import DEMO_EXTENSIONS
        from metis.core.workers import housekeeping

        from . import permissions  # noqa: F401  (registers the rules permissions)
        from .demo import load_documents_demo
        from .services.receipt_batches import receipt_batches_expire

        housekeeping(receipt_batches_expire)

        if load_documents_demo not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(load_documents_demo)
