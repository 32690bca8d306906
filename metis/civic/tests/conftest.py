import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.civic.selectors import civic_programme_of
from metis.ledger import services as ledger
from metis.organisations.tests.factories import CompanyFactory


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def employee(company):
    return member(Role.EMPLOYEE, company)


@pytest.fixture
def operator(db):
    return UserFactory()


# The civic events of the ledger, as the participations of civic days post them (approval,
# validation, withdrawal: metis.needs.services), for the tests of the account's invariants.
def ledger_reserve(*, person, year, participation_id, hours):
    return ledger.civic_reserved(
        programme=civic_programme_of(year),
        person=person,
        participation_id=participation_id,
        hours=hours,
        by=None,
    )


def ledger_done(*, person, year, participation_id, hours):
    return ledger.civic_done(
        programme=civic_programme_of(year),
        person=person,
        participation_id=participation_id,
        hours=hours,
        by=None,
    )


def ledger_release(*, person, year, participation_id):
    return ledger.civic_released(
        programme=civic_programme_of(year),
        person=person,
        participation_id=participation_id,
        by=None,
    )
