from django.db import models
from django.utils.translation import gettext_lazy as _


class Respondent(models.TextChoices):
    ASSOCIATION = "association", _("The association")
    VOLUNTEER = "volunteer", _("The volunteer")


SATISFACTION_MIN = 1
SATISFACTION_MAX = 5
