"""The load test writes into its database and drops it: it refuses one that holds data."""

import pytest
from django.core.management.base import CommandError

from loadtest import database
from metis.accounts.models import User
from metis.accounts.tests.factories import UserFactory


@pytest.mark.django_db
def test_an_empty_database_is_accepted():
    database.refuse_database_holding_data()


@pytest.mark.django_db
def test_a_database_holding_data_is_refused():
    UserFactory()
    with pytest.raises(CommandError, match="already holds"):
        database.refuse_database_holding_data()


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_runner_refuses_a_database_holding_data_and_leaves_it_as_it_was():
    person = UserFactory()
    with pytest.raises(CommandError, match="already holds"):
        database.prepare()
    assert list(User.objects.all()) == [person]


@pytest.mark.django_db
def test_the_load_test_runs_on_postgresql_only():
    if database.connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL"):
        database.prepare()
