from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Every step that asks someone to act (docs/decisions/0006-reporting-notifications.md)."""

    APPLICATION_RECEIVED = "application_received", _("New application")
    INVITATION_RECEIVED = "invitation_received", _("Invitation to a need")
    APPROVAL_NEEDED = "approval_needed", _("Employer approval needed")
    APPLICATION_ACCEPTED = "application_accepted", _("Participation accepted")
    PARTICIPATION_APPROVED = "participation_approved", _("Participation approved")
    PARTICIPATION_REFUSED = "participation_refused", _("Participation refused")
    HOURS_TO_VALIDATE = "hours_to_validate", _("Hours to validate")
    HOURS_REJECTED = "hours_rejected", _("Hours rejected")
    EXTRA_HOURS_REQUESTED = "extra_hours_requested", _("Extra hours requested")
    RESERVATION_RUNNING_OUT = "reservation_running_out", _("Reservation running out")
    RECEIPT_CANCELLED = "receipt_cancelled", _("Receipt cancelled")
    ACCEPTANCE_AWAITED = "acceptance_awaited", _("Document to accept")
    ACCEPTANCE_REMINDER = "acceptance_reminder", _("Reminder: document to accept")
    OUTCOME_REQUESTED = "outcome_requested", _("Mission outcome to tell")
