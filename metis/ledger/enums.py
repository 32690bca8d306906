from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """Accounts of a programme. Two parallel chains carry the same hours:
    company side  commitments → pledge:c → reserved_pledge:p → used:c
    territory side  funding → pool → credit:a → reserved_credit:p → delivered:a
    and leftovers end in expired (per company, per association or the programme's).
    A civic programme (one year of the Service Civique Professionnel, metis.civic) has its own
    chain, per person: civic_funding → civic_entitlement:u → civic_reserved:p → civic_done:u,
    leftovers to civic_expired."""

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
    CIVIC_FUNDING = "civic_funding", _("Civic days funding")
    CIVIC_ENTITLEMENT = "civic_entitlement", _("Civic days entitlement")
    CIVIC_RESERVED = "civic_reserved", _("Civic days reserved")
    CIVIC_DONE = "civic_done", _("Civic days done")
    CIVIC_EXPIRED = "civic_expired", _("Civic days expired")


# The kinds held by a person (Account.person), on a civic programme only.
PERSON_KINDS = frozenset(
    {AccountKind.CIVIC_ENTITLEMENT, AccountKind.CIVIC_RESERVED, AccountKind.CIVIC_DONE}
)


NON_NEGATIVE_KINDS = frozenset(
    {
        AccountKind.PLEDGE,
        AccountKind.POOL,
        AccountKind.CREDIT,
        AccountKind.RESERVED_CREDIT,
        AccountKind.RESERVED_PLEDGE,
        AccountKind.CIVIC_ENTITLEMENT,
        AccountKind.CIVIC_RESERVED,
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
    CIVIC_YEAR_OPENED = "civic_year_opened", _("Civic year opened")
    CIVIC_ENTITLEMENT_CREDITED = "civic_entitlement_credited", _("Civic days credited")
    CIVIC_CARRIED_OVER = "civic_carried_over", _("Civic days carried over")
    CIVIC_RESERVED = "civic_reserved", _("Civic days reserved")
    CIVIC_DONE = "civic_done", _("Civic days done")
    CIVIC_RELEASED = "civic_released", _("Civic days released")
    CIVIC_YEAR_CLOSED = "civic_year_closed", _("Civic year closed")


# The postings that give a person the year's hours: one per person and year (metis.civic).
CIVIC_CREDIT_EVENTS = (PostingEvent.CIVIC_YEAR_OPENED, PostingEvent.CIVIC_ENTITLEMENT_CREDITED)
