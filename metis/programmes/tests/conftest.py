import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import ProgrammeFactory


@pytest.fixture
def territory(db):
    return TerritoryFactory()


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(commune=commune("92002"))  # Antony, another operator


@pytest.fixture
def programme(territory):
    return ProgrammeFactory(territory=territory, name="Sceaux 2026")


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def association(db):
    return AssociationFactory()


@pytest.fixture
def officer(territory):
    return member(Role.TERRITORY_OFFICER, territory)


@pytest.fixture
def operator_staff(territory):
    return operator_staff_with_totp(territory.operator)


@pytest.fixture
def referent(company):
    return member(Role.COMPANY_REFERENT, company)


@pytest.fixture
def manager(association):
    return member(Role.ASSOCIATION_MANAGER, association)


@pytest.fixture
def other_officer(other_territory):
    return member(Role.TERRITORY_OFFICER, other_territory)


@pytest.fixture
def other_referent(db):
    return member(Role.COMPANY_REFERENT, CompanyFactory())


@pytest.fixture
def other_manager(db):
    return member(Role.ASSOCIATION_MANAGER, AssociationFactory())
