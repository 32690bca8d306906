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


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_national_data_set_gives_targets_whose_people_log_in(client):
    """`--national`: seed_national's people are found as targets, with days to declare hours
    on, and log in with the demo's password through the log-in form."""
    import io

    from django.core.management import call_command

    from loadtest.run import DEMO_PASSWORD

    call_command("seed_national", here=True, scale=0.001, no_check=True, stdout=io.StringIO())
    found = database.targets(limit=20)
    assert len(found["employees"]) == 20 and found["managers"] and found["officers"]
    assert all(e["days"] and e["declarations"] > 0 for e in found["employees"])
    assert any(e["needs"] for e in found["employees"])
    database.give_demo_password(found, DEMO_PASSWORD)
    email = found["employees"][0]["email"]
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/participations/").status_code == 200
