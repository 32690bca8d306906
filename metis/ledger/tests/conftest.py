import pytest

from metis.accounts.tests.factories import UserFactory
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.tests.factories import ProgrammeFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def association(db):
    return AssociationFactory()
