from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedFormat(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On site")
    BOTH = "both", _("Remote or on site")


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipationOrigin(models.TextChoices):
    APPLICATION = "application", _("Application")
    INVITATION = "invitation", _("Invitation")
    CIVIC_DAY = "civic_day", _("Civic day booked")


class ParticipationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted, awaiting the employer")
    APPROVED = "approved", _("Approved by the employer")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# A volunteer holds at most one participation in these states per need.
OPEN_PARTICIPATION_STATUSES = (
    ParticipationStatus.APPLIED,
    ParticipationStatus.INVITED,
    ParticipationStatus.ACCEPTED,
    ParticipationStatus.APPROVED,
    ParticipationStatus.ACTIVE,
)
# Hours are reserved on the ledger in these states.
RESERVED_STATUSES = (ParticipationStatus.APPROVED, ParticipationStatus.ACTIVE)


class RefusalReason(models.TextChoices):
    PROFILE_MISMATCH = "profile_mismatch", _("The profile does not match the need")
    NEED_FILLED = "need_filled", _("The need already has enough volunteers")
    NOT_AVAILABLE = "not_available", _("Not available on these dates")
    WORKLOAD = "workload", _("Workload at work does not allow it")
    OUT_OF_POLICY = "out_of_policy", _("Outside the company's sponsorship policy")
    HARMS_OPERATIONS = "harms_operations", _("The absence would harm the running of the company")
    TOO_MANY_ABSENT = "too_many_absent", _("Too many employees are absent that day")
    OTHER = "other", _("Other reason")


# What an employer may answer to a civic day (docs/rules.md § 8.8, modelled on the congé
# d'engagement associatif): a reason is always given.
CIVIC_REFUSAL_REASONS = (
    RefusalReason.HARMS_OPERATIONS,
    RefusalReason.TOO_MANY_ABSENT,
    RefusalReason.NOT_AVAILABLE,
    RefusalReason.OTHER,
)


class WithdrawalReason(models.TextChoices):
    PERSONAL = "personal", _("Personal reasons")
    WORKLOAD = "workload", _("Workload at work")
    NEED_CHANGED = "need_changed", _("The need has changed")
    NO_LONGER_NEEDED = "no_longer_needed", _("The help is no longer needed")
    LEFT_COMPANY = "left_company", _("The volunteer left the company")
    OTHER = "other", _("Other reason")


class CancellationReason(models.TextChoices):
    NEED_COMPLETED = "need_completed", _("The need was completed")
    NEED_CANCELLED = "need_cancelled", _("The need was cancelled")
    NEED_MODERATED = "need_moderated", _("The need was withdrawn by moderation")


class TimeEntryStatus(models.TextChoices):
    DECLARED = "declared", _("Declared")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    REVERSED = "reversed", _("Validated, then reversed")


class RejectionReason(models.TextChoices):
    NOT_DONE = "not_done", _("The work was not done")
    WRONG_HOURS = "wrong_hours", _("The number of hours is wrong")
    WRONG_DATE = "wrong_date", _("The date is wrong")
    OUT_OF_SCOPE = "out_of_scope", _("Outside the scope of the need")
    OTHER = "other", _("Other reason")


class ExtraHoursStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the employer")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
