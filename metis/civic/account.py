"""Reads of one person's civic days account (docs/rules.md § 8.1): each year's hours
(credited or carried over, held for bookings, reserved, done, left), the civic days booked with
the employer of each, and the person's employers over time. The account follows the person."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.ledger.enums import CIVIC_CREDIT_EVENTS, AccountKind, PostingEvent
from metis.ledger.models import Account, PostingLine
from metis.needs.enums import ParticipationOrigin, ParticipationStatus
from metis.needs.models import Participation

ZERO = Decimal("0.00")


@dataclass
class CivicYear:
    year: int
    credited: Decimal = ZERO  # credited or carried over into the year
    held: Decimal = ZERO  # booked, awaiting the employer
    reserved: Decimal = ZERO  # approved, not yet done
    done: Decimal = ZERO
    left: Decimal = ZERO  # on the account, before what is held

    @property
    def available(self) -> Decimal:
        return max(self.left - self.held, ZERO)


def civic_years(person) -> list[CivicYear]:
    """The person's civic years, the latest first (three queries)."""
    years: dict[int, CivicYear] = {}

    def year(value) -> CivicYear:
        return years.setdefault(value, CivicYear(year=value))

    balances = (
        Account.objects.filter(person=person, programme__kind="civic")
        .values("programme__starts_on__year", "kind")
        .annotate(total=Sum("balance"))
    )
    for row in balances:
        line = year(row["programme__starts_on__year"])
        if row["kind"] == AccountKind.CIVIC_ENTITLEMENT:
            line.left = row["total"]
        elif row["kind"] == AccountKind.CIVIC_RESERVED:
            line.reserved = row["total"]
        elif row["kind"] == AccountKind.CIVIC_DONE:
            line.done = row["total"]
    credited = (
        PostingLine.objects.filter(
            account__person=person,
            account__kind=AccountKind.CIVIC_ENTITLEMENT,
            amount__gt=0,
            posting__event__in=[*CIVIC_CREDIT_EVENTS, PostingEvent.CIVIC_CARRIED_OVER],
        )
        .values("account__programme__starts_on__year")
        .annotate(total=Sum("amount"))
    )
    for row in credited:
        year(row["account__programme__starts_on__year"]).credited = row["total"]
    held = (
        civic_bookings(person)
        .filter(status=ParticipationStatus.ACCEPTED)
        .values("civic_programme__starts_on__year")
        .annotate(total=Sum("planned_hours"))
    )
    for row in held:
        year(row["civic_programme__starts_on__year"]).held = row["total"]
    return sorted(years.values(), key=lambda line: -line.year)


def civic_bookings(person):
    """The person's civic days, the latest day first, with the employer of each."""
    return (
        Participation.objects.filter(volunteer=person, origin=ParticipationOrigin.CIVIC_DAY)
        .select_related("need__association", "company", "civic_programme")
        .order_by("-planned_starts_on", "-pk")
    )


def employers(person):
    """Every employee membership of the person, current and ended, the latest first."""
    return (
        Membership.objects.filter(user=person, role=Role.EMPLOYEE)
        .select_related("company")
        .order_by("-started_at", "-pk")
    )
