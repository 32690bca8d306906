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
    signed_pledge,
    today,
    volunteer,
    voted_subsidy,
)
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.outcomes import services as outcomes
from metis.outcomes.enums import Respondent
from metis.outcomes.tests.conftest import ANSWERS, complete
from metis.programmes.tests.factories import ProgrammeFactory
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


# The evaluation report (test_evaluation.py, test_permissions.py) -----------------------------


@pytest.fixture
def cycle(db):
    return make_cycle()


@pytest.fixture
def previous(cycle):
    """The territory's previous period: 200 h pledged, 50 h allocated, nothing delivered."""
    programme = cycle.programme
    earlier = ProgrammeFactory(
        territory=programme.territory,
        name="Période précédente",
        starts_on=programme.starts_on - datetime.timedelta(days=365),
        ends_on=programme.starts_on - datetime.timedelta(days=1),
    )
    signed_pledge(earlier, CompanyFactory(), "200", by=cycle.referent)
    voted_subsidy(earlier, AssociationFactory(), "50", by=cycle.referent)
    return earlier


@pytest.fixture
def reported(cycle, previous):
    participation = complete(cycle, hours="6")
    outcomes.outcome_submit(
        participation=participation,
        respondent=Respondent.ASSOCIATION,
        data=ANSWERS,
        by=cycle.manager,
    )
    outcomes.outcome_submit(
        participation=participation,
        respondent=Respondent.VOLUNTEER,
        data={**ANSWERS, "satisfaction": 4, "quote": "J'ai appris.", "quote_consent": False},
        by=cycle.employee,
    )
    return cycle
