from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "metis.needs"
    verbose_name = _("Needs and participations")

    def ready(self):
        from metis.accounts.personal_data import register_personal_data

        from . import (
            catalogue_cache,
            permissions,  # noqa: F401  (registers the rules permissions)
            personal_data,
        )

        catalogue_cache.connect()

        register_personal_data(export=personal_data.export, erase=personal_data.erase)
        register_personal_data(
            export=personal_data.export_saved_searches, erase=personal_data.erase_saved_searches
        )
