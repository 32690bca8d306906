from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open to applications")
    SCORING = "scoring", _("Applications closed, scoring")
    DECIDED = "decided", _("Panel selected")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


SCORE_MIN = 0
SCORE_MAX = 5
