from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "metis.documents"
    verbose_name = _("Documents")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data
        from metis.core.workers import housekeeping

        from . import (
            permissions,  # noqa: F401  (registers the rules permissions)
            personal_data,
        )
        from .services.receipt_batches import receipt_batches_expire

        housekeeping(receipt_batches_expire)
        register_personal_data(export=personal_data.export, erase=personal_data.erase)
