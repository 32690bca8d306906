from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    COACHING = "coaching", _("Coaching")
    HACKATHON = "hackathon", _("Hackathon")
    CONFERENCE = "conference", _("Conference")
    EXHIBITION = "exhibition", _("Exhibition")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    # A visitor without an account: the e-mail's link is not followed yet (holds no place).
    PENDING = "pending", _("Awaiting e-mail confirmation")
    CONFIRMED = "confirmed", _("Place booked")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


# Registrations that count: a place held, or a place awaited.
ACTIVE_REGISTRATION = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
