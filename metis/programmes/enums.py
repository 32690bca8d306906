from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial programme")
    CIVIC = "civic", _("Service Civique Professionnel")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    CLOSED = "closed", _("Closed")


class SubsidyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    VOTED = "voted", _("Voted")
    CLOSED = "closed", _("Closed")
