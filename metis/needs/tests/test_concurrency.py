"""Concurrent approvals against one association credit never overdraw it (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from metis.ledger.selectors import credit_balance
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services

from ..enums import ParticipationStatus
from ..models import Participation
from .factories import make_cycle, volunteer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="SQLite serialises writers (BEGIN IMMEDIATE); row locks are tested on PostgreSQL",
    ),
]

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_overdraw_the_credit(reference_data):
    # Credit of 40 h, 12 participations of 5 h each: exactly 8 can be approved.
    cycle = make_cycle(pledge_hours="1000", credit_hours="40")
    participations = [
        cycle.participation("accepted", volunteer=volunteer(cycle.company)) for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def approve(participation):
        try:
            barrier.wait()
            participation_services.participation_approve(
                participation=participation,
                by=cycle.referent,
                planned_hours=Decimal("5"),
                starts_on=cycle.programme.starts_on,
                ends_on=cycle.programme.ends_on,
            )
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in participations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert outcomes.count("approved") == 8, outcomes
    assert outcomes.count("insufficient_balance") == 4, outcomes
    assert credit_balance(cycle.programme, cycle.association) == Decimal("0")
    # Approved (hours reserved), awaiting the loan agreement's acceptances to become active.
    approved = Participation.objects.filter(status=ParticipationStatus.APPROVED)
    assert approved.count() == 8
    assert sum(p.reserved_hours for p in approved) == Decimal("40")


@pytest.mark.django_db(transaction=True)
def test_concurrent_declarations_respect_ten_hours_a_day(reference_data):
    cycle = make_cycle(pledge_hours="1000", credit_hours="400")
    first = cycle.participation("active", hours="50")
    second_need = need_services.need_create(
        association=cycle.association,
        data={
            **{
                "programme": cycle.programme,
                "title": "Autre",
                "description": "Autre besoin",
                "skills_required": list(cycle.need.skills_required.all()),
                "estimated_hours": "10",
                "format": "remote",
                "starts_on": cycle.programme.starts_on,
                "ends_on": cycle.programme.ends_on,
                "commune": cycle.need.commune,
                "volunteers_wanted": 1,
            }
        },
        by=cycle.manager,
    )
    need_services.need_publish(need=second_need, by=cycle.manager)
    cycle.need = second_need
    second = cycle.participation("active", hours="50")
    barrier = threading.Barrier(2)
    outcomes = []
    day = cycle.programme.starts_on

    def declare(participation):
        try:
            barrier.wait()
            time_entry_services.time_entry_declare(
                participation=participation, by=cycle.employee, date=day, hours="6", description="x"
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=declare, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert sorted(outcomes) == ["ok", "refused"]
