"""People racing for the last place of an event: one gets it, the other waits (the event's row
is locked by every registration service; PostgreSQL only: SQLite serialises every writer with
BEGIN IMMEDIATE)."""

import threading

import pytest
from django.db import connection, connections

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.events.enums import RegistrationStatus
from metis.events.services.registrations import registration_for_user
from metis.organisations.tests.factories import TerritoryFactory

from .factories import published_event


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, set DATABASE_URL to run it")
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    event = published_event(organiser=territory, by=officer, capacity=1)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    results = []

    def register(person):
        try:
            barrier.wait()
            results.append(registration_for_user(event=event, user=person).status)
        except Exception as error:  # reported below
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    assert event.registrations.confirmed().count() == 1
