from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """Accounts of a programme. Two parallel chains carry the same hours:
    company side  commitments → pledge:c → reserved_pledge:p → used:c
    territory side  funding → pool → credit:a → reserved_credit:p → delivered:a
    and leftovers end in expired (per company, per association or the programme's)."""

    PLEDGE = "pledge", _("Pledge remaining")
    POOL = "pool", _("Programme pool")
    CREDIT = "credit", _("Hours credit")
    RESERVED_CREDIT = "reserved_credit", _("Reserved on the credit")
    RESERVED_PLEDGE = "reserved_pledge", _("Reserved on the pledge")
    DELIVERED = "delivered", _("Hours delivered")
    USED = "used", _("Hours used")
    COMMITMENTS = "commitments", _("Commitments")
    FUNDING = "funding", _("Funding")
    EXPIRED = "expired", _("Expired")


NON_NEGATIVE_KINDS = frozenset(
    {
        AccountKind.PLEDGE,
        AccountKind.POOL,
        AccountKind.CREDIT,
        AccountKind.RESERVED_CREDIT,
        AccountKind.RESERVED_PLEDGE,
    }
)


class PostingEvent(models.TextChoices):
    PLEDGE_SIGNED = "pledge_signed", _("Pledge signed")
    ALLOCATION_VOTED = "allocation_voted", _("Allocation voted")
    RESERVATION_MADE = "reservation_made", _("Hours reserved")
    TIME_VALIDATED = "time_validated", _("Time validated")
    RESERVATION_RELEASED = "reservation_released", _("Reservation released")
    SUBSIDY_CLOSED = "subsidy_closed", _("Subsidy closed")
    PROGRAMME_CLOSED = "programme_closed", _("Programme closed")
    REVERSAL = "reversal", _("Reversal")
