"""Reads about programmes that depend on who is asking, and the figures of a programme page."""

from decimal import Decimal

from django.db.models import Sum

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.ledger import selectors as ledger
from metis.ledger.enums import AccountKind
from metis.organisations.selectors import territories_visible_to

from .enums import PledgeStatus, SubsidyStatus
from .models import MixedSubsidy, Pledge, Programme


def programmes_visible_to(user):
    """Operator staff: every programme of the operator's territories; officers: their
    territory's."""
    return Programme.objects.for_territories(territories_visible_to(user)).with_territory()


def pledges_of_referent(user):
    company_ids = organisation_ids(user, Role.COMPANY_REFERENT, "company")
    return (
        Pledge.objects.for_companies(company_ids)
        .select_related("programme__territory", "company")
        .prefetch_related("skill_restrictions")
        .order_by("-programme__starts_on", "company__name", "pk")
    )


def subsidies_of_manager(user):
    association_ids = organisation_ids(user, Role.ASSOCIATION_MANAGER, "association")
    return (
        MixedSubsidy.objects.for_associations(association_ids)
        .select_related("programme__territory", "association")
        .order_by("-programme__starts_on", "association__name")
    )


def programme_summary(programme) -> dict:
    """Pool, pledged, allocated and delivered figures of a programme page."""
    by_kind = ledger.balances_by_kind(programme)
    pledged = programme.pledges.exclude(status=PledgeStatus.DRAFT).aggregate(
        total=Sum("hours", default=Decimal(0))
    )["total"]
    allocated = programme.subsidies.exclude(status=SubsidyStatus.PROPOSED).aggregate(
        total=Sum("hours_credit", default=Decimal(0))
    )["total"]
    return {
        "pool": by_kind.get(AccountKind.POOL, Decimal(0)),
        "pledged": pledged,
        "allocated": allocated,
        "credits": by_kind.get(AccountKind.CREDIT, Decimal(0)),
        "reserved": by_kind.get(AccountKind.RESERVED_CREDIT, Decimal(0)),
        "delivered": by_kind.get(AccountKind.DELIVERED, Decimal(0)),
        "expired": by_kind.get(AccountKind.EXPIRED, Decimal(0)),
    }
