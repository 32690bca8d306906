from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import SkillKind


class SkillQuerySet(models.QuerySet):
    def domains(self):
        return self.filter(parent__isnull=True)

    def professional(self):
        return self.filter(kind=SkillKind.PROFESSIONAL)

    def personal(self):
        return self.filter(kind=SkillKind.PERSONAL)


class Skill(models.Model):
    """An entry of the skills taxonomy (shipped in data/skills.json, loaded by a migration)."""

    code = models.SlugField(max_length=64, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SkillKind.choices)
    label_fr = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100)
    synonyms = models.JSONField(default=list, blank=True)

    objects = SkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["kind", "label_fr"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.label_en if (get_language() or "fr").startswith("en") else self.label_fr
