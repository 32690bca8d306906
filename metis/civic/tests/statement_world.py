"""Civic days done through the real path (book → the employer accepts → every party accepts
the documents → hours declared → validated by the association), for the statement's tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.civic.bookings import civic_day_answer, civic_day_book
from metis.civic.services import civic_person_credit, civic_year_open
from metis.needs.services import needs as need_services
from metis.needs.services.time_entries import time_entry_declare, time_entry_validate
from metis.needs.tests.factories import documents_accepted, make_cycle, need_data
from metis.organisations.tests.factories import CompanyFactory
from metis.valuation.cost_prices import cost_price_record

NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)  # a Monday
WED, THU, FRI = datetime.date(2026, 2, 11), datetime.date(2026, 2, 12), datetime.date(2026, 2, 13)


@dataclass
class World:
    cycle: object
    needs: list
    company_b: object
    referent_b: object


def civic_need(cycle, title):
    data = need_data(
        cycle.programme, title=title, open_to_civic_days=True, ends_on=datetime.date(2026, 3, 31)
    )
    need = need_services.need_create(association=cycle.association, data=data, by=cycle.manager)
    return need_services.need_publish(need=need, by=cycle.manager)


def statement_world() -> World:
    """A territorial programme, its association (an RNA, no SIREN) posting two needs open to
    civic days, company A (referent, employee) and company B (referent), 2026 opened."""
    cycle = make_cycle()
    needs = [civic_need(cycle, "Refaire le site web"), civic_need(cycle, "Former les bénévoles")]
    company_b = CompanyFactory()
    referent_b = member(Role.COMPANY_REFERENT, company_b)
    civic_year_open(year=2026)
    priced(cycle.employee, cycle.company, cycle.referent)
    return World(cycle, needs, company_b, referent_b)


def priced(person, company, referent):
    cost_price_record(
        company=company,
        employee=person,
        year=2026,
        monthly_salary=Decimal("3000"),
        monthly_employer_charges=Decimal("1300"),
        by=referent,
    )


def employee_of(company, referent):
    """A new employee of `company`, credited with the year's hours, with a cost price."""
    person = member(Role.EMPLOYEE, company)
    civic_person_credit(person=person, year=2026)
    priced(person, company, referent)
    return person


def civic_day_done(world, *, person, referent, need, day, half_days=2, hours="7"):
    """`person` books `day` on `need` five weeks ahead, their employer's referent accepts,
    every party accepts the documents, the hours are declared then validated."""
    booked = datetime.datetime.combine(day, datetime.time(9), datetime.UTC) - datetime.timedelta(
        days=37
    )
    manager = world.cycle.manager
    p = civic_day_book(need=need, volunteer=person, day=day, half_days=half_days, now=booked)
    p = civic_day_answer(
        participation=p, accept=True, by=referent, now=booked + datetime.timedelta(days=3)
    )
    p = documents_accepted(
        p, company_by=referent, association_by=manager, now=booked + datetime.timedelta(days=4)
    )
    entry = time_entry_declare(
        participation=p, by=person, date=day, hours=hours, description="Journée civique"
    )
    return time_entry_validate(entry=entry, by=manager)
