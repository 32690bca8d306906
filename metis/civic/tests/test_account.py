"""One person's civic days account: reserve, validate, release, close (with and without
carry-over), and it stays theirs when they change employer."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.services import membership_create, membership_end
from metis.accounts.tests.factories import member
from metis.civic import services
from metis.civic.models import CivicSettings
from metis.civic.selectors import civic_balance, civic_programme_of
from metis.civic.tests.conftest import ledger_done, ledger_release, ledger_reserve
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, Posting, PostingLine
from metis.ledger.services import InsufficientBalance
from metis.organisations.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _balance(person, kind, year=2027, **holder):
    account = Account.objects.filter(
        programme=civic_programme_of(year), kind=kind, person=person, **holder
    ).first()
    return account.balance if account else Decimal(0)


@pytest.fixture
def credited(employee):
    services.civic_year_open(year=2027)
    return employee


def test_reserve_then_validate_part_and_release_the_rest(credited):
    ledger_reserve(person=credited, year=2027, participation_id=41, hours=5)
    assert civic_balance(credited, 2027) == Decimal("2.00")
    assert _balance(credited, AccountKind.CIVIC_RESERVED, reference_id=41) == Decimal("5.00")
    ledger_done(person=credited, year=2027, participation_id=41, hours=3)
    assert _balance(credited, AccountKind.CIVIC_DONE) == Decimal("3.00")
    posting = ledger_release(person=credited, year=2027, participation_id=41)
    assert posting.event == PostingEvent.CIVIC_RELEASED
    assert civic_balance(credited, 2027) == Decimal("4.00")
    assert _balance(credited, AccountKind.CIVIC_RESERVED, reference_id=41) == 0
    assert ledger_release(person=credited, year=2027, participation_id=41) is None
    assert ledger_differences() == []


def test_reserving_beyond_the_balance_is_refused_and_writes_nothing(credited):
    ledger_reserve(person=credited, year=2027, participation_id=1, hours=6)
    before = (Posting.objects.count(), PostingLine.objects.count(), Account.objects.count())
    with pytest.raises(InsufficientBalance, match="impossible de réserver 2,00 h"):
        ledger_reserve(person=credited, year=2027, participation_id=2, hours=2)
    after = (Posting.objects.count(), PostingLine.objects.count(), Account.objects.count())
    assert after == before  # not even the reservation's account
    assert civic_balance(credited, 2027) == Decimal("1.00")


def test_validating_beyond_the_reservation_is_refused(credited):
    ledger_reserve(person=credited, year=2027, participation_id=1, hours=2)
    before = Posting.objects.count()
    with pytest.raises(InsufficientBalance):
        ledger_done(person=credited, year=2027, participation_id=1, hours=3)
    assert Posting.objects.count() == before


def test_closing_without_carry_over_expires_what_is_left(credited, company):
    other = member(Role.EMPLOYEE, company)
    services.civic_person_credit(person=other, year=2027)
    ledger_reserve(person=other, year=2027, participation_id=9, hours=7)
    ledger_reserve(person=credited, year=2027, participation_id=8, hours=2)
    posting = services.civic_year_close(year=2027)
    assert posting.event == PostingEvent.CIVIC_YEAR_CLOSED
    assert posting.lines.count() == 2  # the one account with hours left, and civic_expired
    assert civic_balance(credited, 2027) == 0
    expired = Account.objects.get(
        programme=civic_programme_of(2027), kind=AccountKind.CIVIC_EXPIRED
    )
    assert expired.balance == Decimal("5.00")
    assert civic_programme_of(2027).is_closed
    assert civic_programme_of(2028) is None
    # The reservation in progress is kept: validated, then its rest released to expired.
    ledger_done(person=other, year=2027, participation_id=9, hours=4)
    ledger_release(person=other, year=2027, participation_id=9)
    expired.refresh_from_db()
    assert expired.balance == Decimal("8.00")
    assert ledger_differences() == []
    with pytest.raises(ValidationError, match="sont clos"):
        services.civic_year_close(year=2027)


def test_closing_with_carry_over_moves_up_to_the_ceiling_into_next_year(credited, company):
    CivicSettings.objects.create(
        year=2027, hours_per_year=Decimal(7), carry_over=True, carry_over_ceiling=Decimal(3)
    )
    little = member(Role.EMPLOYEE, company)
    services.civic_person_credit(person=little, year=2027)
    ledger_reserve(person=little, year=2027, participation_id=5, hours=6)
    services.civic_year_close(year=2027)
    assert civic_balance(credited, 2028) == Decimal("3.00")  # 7 left, ceiling 3
    assert civic_balance(little, 2028) == Decimal("1.00")  # 1 left, under the ceiling
    expired = Account.objects.get(
        programme=civic_programme_of(2027), kind=AccountKind.CIVIC_EXPIRED
    )
    assert expired.balance == Decimal("4.00")
    carried = Posting.objects.get(event=PostingEvent.CIVIC_CARRIED_OVER)
    assert carried.programme == civic_programme_of(2028)
    # Next year's crediting still gives everyone their full year, on top of what was carried.
    services.civic_year_open(year=2028)
    assert civic_balance(credited, 2028) == Decimal("10.00")
    assert civic_balance(little, 2028) == Decimal("8.00")
    assert ledger_differences() == []


def test_carry_over_without_any_ceiling_room_expires_everything(credited):
    CivicSettings.objects.create(year=2027, carry_over=True, carry_over_ceiling=0)
    services.civic_year_close(year=2027)
    assert civic_balance(credited, 2028) == 0
    assert not Posting.objects.filter(event=PostingEvent.CIVIC_CARRIED_OVER).exists()
    assert ledger_differences() == []


def test_the_account_survives_an_employer_change(credited, operator):
    ledger_reserve(person=credited, year=2027, participation_id=3, hours=2)
    membership_end(membership=Membership.objects.get(user=credited), by=operator)
    membership_create(user=credited, role=Role.EMPLOYEE, organisation=CompanyFactory())
    assert civic_balance(credited, 2027) == Decimal("5.00")
    assert services.civic_year_open(year=2027) is None  # not credited twice
    ledger_done(person=credited, year=2027, participation_id=3, hours=2)
    account = Account.objects.get(
        programme=civic_programme_of(2027), kind=AccountKind.CIVIC_ENTITLEMENT, person=credited
    )
    assert account.company_id is None
    assert ledger_differences() == []
