import pytest
from django.core.cache import cache

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
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


@pytest.fixture(autouse=True)
def _fresh_counter():
    """The public counter is cached: each test reads its own figures."""
    cache.clear()
    yield
    cache.clear()
