import datetime
from decimal import Decimal

import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import (
    documents_accepted,
    make_cycle,
    morning_of,
    today,
    volunteer,
)
from metis.valuation.cost_prices import cost_price_record


def build(*, entries=3, extra_volunteers=0):
    """A cycle with validated, declared and waiting hours; `entries` validated days."""
    cycle = make_cycle(pledge_hours="200", credit_hours="150")
    days = [today() - datetime.timedelta(days=day * 3) for day in range(1, entries + 2)]
    for year in sorted({d.year for d in days}):  # early January: last year's days too
        cost_price_record(
            company=cycle.company,
            year=year,
            monthly_salary=Decimal("5000"),
            monthly_employer_charges=Decimal("2100"),
            employee=cycle.employee,
            by=cycle.referent,
        )
    p = participation_services.participation_apply(need=cycle.need, volunteer=cycle.employee)
    p = participation_services.participation_accept(participation=p, by=cycle.manager)
    p = participation_services.participation_approve(
        participation=p,
        by=cycle.referent,
        planned_hours=Decimal("100"),
        starts_on=cycle.programme.starts_on,
        ends_on=cycle.programme.ends_on,
        now=morning_of(cycle.programme.starts_on),
    )
    p = documents_accepted(
        p,
        company_by=cycle.referent,
        association_by=cycle.manager,
        now=morning_of(cycle.programme.starts_on),
    )
    for index, day in enumerate(days, start=1):
        entry = time_entry_services.time_entry_declare(
            participation=p, by=cycle.employee, date=day, hours="2.5", description="Travail"
        )
        if index <= entries:
            time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    for _ in range(extra_volunteers + 1):
        other = volunteer(cycle.company)
        waiting = participation_services.participation_apply(need=cycle.need, volunteer=other)
        participation_services.participation_accept(participation=waiting, by=cycle.manager)
    cycle.participation_active = p
    cycle.officer = member(Role.TERRITORY_OFFICER, cycle.programme.territory)
    return cycle


@pytest.fixture
def data(db):
    return build()


@pytest.fixture
def operator_user(data):
    return operator_staff_with_totp(data.programme.territory.operator)
