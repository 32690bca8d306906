"""The skills as the search forms list them: (pk, label) in the active language, sorted by
French label, read once and kept in the shared cache until a skill is saved or deleted (and at
most an hour, for changes made without signals, such as a migration's bulk load). The
catalogue's search form used to read and build ninety skills at every request."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from .models import Skill

CACHE_SECONDS = 3600
LANGUAGES = ("fr", "en")


def _key(language: str) -> str:
    return f"skills:choices:{language}"


def _read(language: str) -> list[tuple[int, str]]:
    label = "label_en" if language == "en" else "label_fr"
    return list(
        Skill.objects.filter(parent__isnull=False).order_by("label_fr").values_list("pk", label)
    )


def skill_choices() -> list[tuple[int, str]]:
    """The skills a need can ask for (not the domains), as `Skill.label` names them."""
    language = "en" if (get_language() or "fr").startswith("en") else "fr"
    return cache.get_or_set(_key(language), lambda: _read(language), CACHE_SECONDS)


def _forget(**_kwargs):
    cache.delete_many([_key(language) for language in LANGUAGES])


post_save.connect(_forget, sender=Skill, dispatch_uid="skills-choices-saved")
post_delete.connect(_forget, sender=Skill, dispatch_uid="skills-choices-deleted")
