"""The yearly crediting, set-based: every employee once a year, idempotent, ledger clean."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.services import membership_end
from metis.accounts.tests.factories import UserFactory, member
from metis.civic import services
from metis.civic.models import CivicSettings
from metis.civic.selectors import civic_balance, civic_programme_of
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, Posting, PostingLine
from metis.organisations.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_opening_a_year_credits_every_employee_once(company):
    employees = [member(Role.EMPLOYEE, company) for _ in range(3)]
    referent = member(Role.COMPANY_REFERENT, company)
    UserFactory()  # no membership: not an employee
    posting = services.civic_year_open(year=2027)
    assert posting.event == PostingEvent.CIVIC_YEAR_OPENED
    assert posting.lines.count() == 4  # three persons and the funding line
    for person in employees:
        assert civic_balance(person, 2027) == Decimal("7.00")
    assert civic_balance(referent, 2027) == 0
    funding = Account.objects.get(
        programme=civic_programme_of(2027), kind=AccountKind.CIVIC_FUNDING
    )
    assert funding.balance == Decimal("-21.00")
    assert ledger_differences() == []

    before = (Posting.objects.count(), PostingLine.objects.count(), Account.objects.count())
    assert services.civic_year_open(year=2027) is None
    after = (Posting.objects.count(), PostingLine.objects.count(), Account.objects.count())
    assert after == before
    assert civic_balance(employees[0], 2027) == Decimal("7.00")


def test_a_second_run_credits_only_the_newcomers_in_a_new_posting(company, employee):
    first = services.civic_year_open(year=2027)
    newcomer = member(Role.EMPLOYEE, CompanyFactory())
    second = services.civic_year_open(year=2027)
    assert second.pk != first.pk
    assert second.idempotency_key == f"{first.idempotency_key}-2"
    assert second.lines.count() == 2
    assert civic_balance(newcomer, 2027) == Decimal("7.00")
    assert civic_balance(employee, 2027) == Decimal("7.00")
    assert ledger_differences() == []


def test_the_hours_come_from_the_settings_in_effect(company, employee):
    CivicSettings.objects.create(year=2026, hours_per_year=Decimal("3.50"))
    CivicSettings.objects.create(year=2030, hours_per_year=Decimal("14"))
    services.civic_year_open(year=2027)
    assert civic_balance(employee, 2027) == Decimal("3.50")


def test_a_leaver_or_an_inactive_person_is_not_credited(company, operator):
    leaver = member(Role.EMPLOYEE, company)
    membership_end(membership=Membership.objects.get(user=leaver), by=operator)
    inactive = member(Role.EMPLOYEE, company)
    inactive.is_active = False
    inactive.save()
    assert services.civic_year_open(year=2027) is None
    assert civic_balance(leaver, 2027) == civic_balance(inactive, 2027) == 0


def test_one_person_signing_up_during_the_year_gets_the_full_hours_once(company, employee):
    services.civic_year_open(year=2027)
    newcomer = member(Role.EMPLOYEE, company)
    posting = services.civic_person_credit(person=newcomer, year=2027)
    assert posting.event == PostingEvent.CIVIC_ENTITLEMENT_CREDITED
    assert civic_balance(newcomer, 2027) == Decimal("7.00")
    assert services.civic_person_credit(person=newcomer, year=2027) is None
    assert services.civic_year_open(year=2027) is None  # the yearly run skips them too
    assert civic_balance(newcomer, 2027) == Decimal("7.00")
    assert ledger_differences() == []


def test_a_person_who_is_not_an_employee_cannot_be_credited(db):
    stranger = UserFactory()
    with pytest.raises(Exception, match="Seul un salarié actif"):
        services.civic_person_credit(person=stranger, year=2027)
    assert not Posting.objects.exists()
    assert not Account.objects.exists()


def test_the_command_opens_the_year_and_is_idempotent(company, employee, capsys):
    call_command("civic_days_open_year", "2027")
    assert "1 person(s) credited" in capsys.readouterr().out
    call_command("civic_days_open_year", "2027")
    assert "already credited" in capsys.readouterr().out
    assert Posting.objects.count() == 1
    call_command("ledger_check")


def test_the_command_refuses_a_bad_year_in_french_terms(db):
    with pytest.raises(CommandError, match="comprise entre 2000 et 2100"):
        call_command("civic_days_open_year", "99")
    assert not Posting.objects.exists()
