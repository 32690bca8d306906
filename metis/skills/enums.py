from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    PERSONAL = "personal", _("Personal")
