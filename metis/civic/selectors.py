"""Reads of the Service Civique Professionnel: who is entitled, which programme is a year's,
what a person's account holds."""

from decimal import Decimal

from django.db.models import Exists, OuterRef

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.programmes.models import Programme


def entitled_persons():
    """Every active person (not erased) who is an employee of a company today: a current
    employee membership, whatever the company (docs/rules.md § 8.2)."""
    employee = Membership.objects.current().filter(user=OuterRef("pk"), role=Role.EMPLOYEE)
    return User.objects.filter(is_active=True, erased_at__isnull=True).filter(Exists(employee))


def civic_programme_of(year: int) -> Programme | None:
    return Programme.objects.civic().filter(starts_on__year=year).first()


def civic_balance(person, year: int) -> Decimal:
    """The hours left on the person's account for `year` (0 without an account)."""
    account = Account.objects.filter(
        programme__in=Programme.objects.civic().filter(starts_on__year=year),
        kind=AccountKind.CIVIC_ENTITLEMENT,
        person=person,
    ).first()
    return account.balance if account else Decimal(0)
