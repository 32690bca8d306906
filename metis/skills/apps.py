from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "metis.skills"
    verbose_name = _("Skills")

    def ready(self):
        from . import choices  # noqa: F401  (forgets the cached choices when a skill changes)
