"""Two reservations (or bookings) racing for the last hours of one account: one succeeds
(PostgreSQL only: SQLite serialises every writer with BEGIN IMMEDIATE)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.civic import services
from metis.civic.bookings import civic_day_book, civic_hours_available
from metis.civic.selectors import civic_balance
from metis.civic.tests.conftest import ledger_reserve
from metis.ledger.checks import ledger_differences
from metis.ledger.services import InsufficientBalance
from metis.needs.models import Participation
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import make_cycle, need_data
from metis.organisations.tests.factories import CompanyFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reservations_racing_for_the_last_hours_give_one_success(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, set DATABASE_URL to run it")
    person = member(Role.EMPLOYEE, CompanyFactory())
    services.civic_year_open(year=2027)
    ledger_reserve(person=person, year=2027, participation_id=1, hours=3)
    barrier = threading.Barrier(2)
    results = []

    def reserve(participation_id):
        try:
            barrier.wait()
            ledger_reserve(person=person, year=2027, participation_id=participation_id, hours=4)
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_bookings_racing_for_the_last_hours_give_one_success(reference_data):
    """Two civic days booked at the same moment on two needs, each for the whole account:
    bookings of one person are serialised on their row, the second sees the first's held
    hours and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, set DATABASE_URL to run it")
    world = make_cycle()
    day = timezone.localdate() + datetime.timedelta(days=31)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    needs = [
        need_services.need_publish(
            need=need_services.need_create(
                association=world.association,
                data=need_data(world.programme, title=title, open_to_civic_days=True),
                by=world.manager,
            ),
            by=world.manager,
        )
        for title in ("Site web", "Comptabilité")
    ]
    services.civic_year_open(year=day.year)
    barrier = threading.Barrier(2)
    results = []

    def book(need):
        try:
            barrier.wait()
            civic_day_book(need=need, volunteer=world.employee, day=day, half_days=2)
            results.append("ok")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(need,)) for need in needs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results.count("ok") == 1, results
    assert Participation.objects.filter(volunteer=world.employee).count() == 1
    assert civic_hours_available(world.employee, day.year) == 0
