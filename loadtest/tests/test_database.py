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


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_national_data_sets_operator_logs_in_with_a_second_factor(client):
    """The operator's staff get the demo's authenticator: after the password, allauth asks for
    its code (the one the scenario computes), then the dashboard across every territory opens."""
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from loadtest import totp
    from loadtest.run import DEMO_PASSWORD

    call_command("seed_national", here=True, scale=0.001, no_check=True, stdout=io.StringIO())
    found = database.targets(limit=5)
    assert found["operators"] and found["territories"]
    database.give_demo_password(found, DEMO_PASSWORD)
    database.give_demo_second_factor(found)
    database.give_demo_second_factor(found)  # a second time changes nothing
    email = found["operators"][0]
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # a wrong code: the form again
    code = totp.code(found["totp_secret"])
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/tableau-de-bord/").status_code == 200


@pytest.mark.django_db
def test_a_person_active_twice_applies_to_each_need_once():
    """Each active participation is a user of the run; a person with two applies as one."""
    from metis.needs.services import needs as need_services
    from metis.needs.tests.factories import make_cycle, need_data

    cycle = make_cycle()
    needs = [cycle.need]
    for _ in range(2):
        need = need_services.need_create(
            association=cycle.association, data=need_data(cycle.programme), by=cycle.manager
        )
        needs.append(need_services.need_publish(need=need, by=cycle.manager))
    for need in needs[:2]:
        cycle.need = need
        cycle.participation("active")
    found = database.targets()["employees"]
    assert [e["email"] for e in found] == [cycle.employee.email] * 2
    assert sorted(e["needs"] for e in found) == [[], [needs[2].pk]]


def _checkpoints_requested(cursor):
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute("SELECT checkpoints_req FROM pg_stat_bgwriter")
    return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_filled_database_is_checkpointed_before_the_run():
    with database.connection.cursor() as cursor:
        before = _checkpoints_requested(cursor)
        assert database.checkpoint() == "checkpointed"
        assert _checkpoints_requested(cursor) == before + 1


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_role_that_may_not_checkpoint_only_loses_the_checkpoint():
    with database.connection.cursor() as cursor:
        cursor.execute("CREATE ROLE metis_loadtest_reader")
        cursor.execute("SET ROLE metis_loadtest_reader")
        done = database.checkpoint()
        # The connection goes on: the refusal was rolled back to its savepoint.
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == "metis_loadtest_reader"
    assert done.startswith("not checkpointed (") and "pg_checkpoint" in done
