"""Two reservations racing for the last hours of one account: one succeeds (PostgreSQL only:
SQLite serialises every writer with BEGIN IMMEDIATE)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.civic import services
from metis.civic.selectors import civic_balance
from metis.ledger.checks import ledger_differences
from metis.ledger.services import InsufficientBalance
from metis.organisations.tests.factories import CompanyFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reservations_racing_for_the_last_hours_give_one_success(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, set DATABASE_URL to run it")
    person = member(Role.EMPLOYEE, CompanyFactory())
    services.civic_year_open(year=2027)
    services.civic_hours_reserve(person=person, year=2027, participation_id=1, hours=3)
    barrier = threading.Barrier(2)
    results = []

    def reserve(participation_id):
        try:
            barrier.wait()
            services.civic_hours_reserve(
                person=person, year=2027, participation_id=participation_id, hours=4
            )
            results.append("ok")
        except InsufficientBalance:
            results.append("refused")
        except Exception as error:  # reported below
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve, args=(p,)) for p in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["ok", "refused"]
    assert civic_balance(person, 2027) == Decimal("0.00")
    assert ledger_differences() == []
