"""ValidatedMonth: the validated hours rolled up per programme, association, employer and month
by triggers on the time entries, and ProgrammeValidatedMonth, per programme and month, by
triggers on ValidatedMonth. Through the real services (validation, valuation once a cost price
is recorded, reversal), both equal the recomputation from the entries, and `ledger_check`
(ledger_differences) reports a figure that drifted."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest

from metis.ledger.checks import ledger_differences
from metis.needs.models import TimeEntry
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services
from metis.needs.tests.factories import documents_accepted, make_cycle, morning_of, today
from metis.reporting.models import ProgrammeValidatedMonth, ValidatedMonth
from metis.valuation.cost_prices import cost_price_record

pytestmark = pytest.mark.django_db
ZERO = Decimal("0.00")


def _from_entries():
    figures = defaultdict(lambda: [0, ZERO, ZERO, ZERO])
    for entry in TimeEntry.objects.filter(status="validated").select_related("participation__need"):
        participation = entry.participation
        key = (
            participation.need.programme_id,
            participation.need.association_id,
            participation.company_id,
            entry.date.replace(day=1),
        )
        row = figures[key]
        row[0] += 1
        row[1] += entry.hours
        row[2] += entry.value or ZERO
        row[3] += entry.hours if entry.value is None else ZERO
    return {key: tuple(row) for key, row in figures.items()}


def _rolled_up():
    return {
        (m.programme_id, m.association_id, m.company_id, m.month): (
            m.entries,
            m.hours,
            m.value,
            m.awaiting,
        )
        for m in ValidatedMonth.objects.all()
        if m.entries  # a month whose entries were all reversed keeps a row of zeros
    }


def _per_programme(figures):
    """{(programme, association, company, month): row} summed per (programme, month)."""
    out = defaultdict(lambda: (0, ZERO, ZERO, ZERO))
    for (programme, _association, _company, month), row in figures.items():
        out[programme, month] = tuple(
            a + b for a, b in zip(out[programme, month], row, strict=True)
        )
    return dict(out)


def _rolled_up_per_programme():
    return {
        (m.programme_id, m.month): (m.entries, m.hours, m.value, m.awaiting)
        for m in ProgrammeValidatedMonth.objects.all()
        if m.entries
    }


@pytest.fixture
def cycle():
    cycle = make_cycle(pledge_hours="200", credit_hours="150")
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
    cycle.participation = documents_accepted(
        p,
        company_by=cycle.referent,
        association_by=cycle.manager,
        now=morning_of(cycle.programme.starts_on),
    )
    return cycle


def test_validated_hours_are_rolled_up_through_validation_valuation_and_reversal(cycle):
    days = [today() - datetime.timedelta(days=day * 3) for day in (1, 2, 3)]
    entries = [
        time_entry_services.time_entry_declare(
            participation=cycle.participation,
            by=cycle.employee,
            date=day,
            hours=hours,
            description="Travail",
        )
        for day, hours in zip(days, ("2.5", "1.75", "3"), strict=True)
    ]
    assert _rolled_up() == {} == _rolled_up_per_programme()  # declared hours are not counted
    for entry in entries[:2]:
        time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)
    rolled_up = _rolled_up()
    assert rolled_up == _from_entries()
    assert _rolled_up_per_programme() == _per_programme(_from_entries())
    assert sum(row[0] for row in rolled_up.values()) == 2
    assert sum(row[3] for row in rolled_up.values()) == Decimal("4.25")  # no cost price yet
    for year in sorted({day.year for day in days}):
        cost_price_record(
            company=cycle.company,
            year=year,
            monthly_salary=Decimal("5000"),
            monthly_employer_charges=Decimal("2100"),
            employee=cycle.employee,
            by=cycle.referent,
        )
    rolled_up = _rolled_up()
    assert rolled_up == _from_entries()
    assert _rolled_up_per_programme() == _per_programme(_from_entries())
    assert sum(row[3] for row in rolled_up.values()) == ZERO
    assert sum(row[2] for row in rolled_up.values()) > ZERO
    time_entry_services.time_entry_reverse(entry=entries[0], by=cycle.manager, memo="Erreur")
    time_entry_services.time_entry_validate(entry=entries[2], by=cycle.manager)
    assert _rolled_up() == _from_entries()
    assert _rolled_up_per_programme() == _per_programme(_from_entries())
    assert sum(row[0] for row in _rolled_up().values()) == 2
    assert ledger_differences() == []


def _two_hours_validated(cycle):
    entry = time_entry_services.time_entry_declare(
        participation=cycle.participation,
        by=cycle.employee,
        date=today() - datetime.timedelta(days=2),
        hours="2",
        description="Travail",
    )
    time_entry_services.time_entry_validate(entry=entry, by=cycle.manager)


def test_the_check_reports_validated_hours_off_their_entries(cycle):
    _two_hours_validated(cycle)
    assert ledger_differences() == []
    ValidatedMonth.objects.update(hours=Decimal("3"))
    (problem,) = ledger_differences(cycle.programme)
    assert f"programme {cycle.programme.pk}" in problem and "-1.00 h" in problem


def test_the_check_reports_a_programmes_month_off_its_associations_and_employers(cycle):
    _two_hours_validated(cycle)
    assert ProgrammeValidatedMonth.objects.get().hours == Decimal("2.00")
    ProgrammeValidatedMonth.objects.update(entries=3)
    (problem,) = ledger_differences(cycle.programme)
    assert f"programme {cycle.programme.pk}" in problem and "by -2 entries" in problem
