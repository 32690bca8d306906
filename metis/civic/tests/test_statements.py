"""The yearly civic-day statement (docs/civic-statement.md): the days and hours a person did,
as validated, with the training-rights conversion only when a setting puts one in effect;
the same rows per employer and for the operator, as PDF, CSV and JSON."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.civic.models import CivicSettings
from metis.civic.statements import (
    COLUMNS,
    civic_statement,
    days_of,
    employer_rows,
    operator_rows,
    person_rows,
)
from metis.documents.tests.factories import pdf_text, squeeze
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.needs.enums import TimeEntryStatus
from metis.needs.models import TimeEntry
from metis.needs.services.time_entries import time_entry_reverse
from metis.organisations.tests.factories import OperatorFactory

from .statement_world import FRI, NOW, THU, WED, civic_day_done, employee_of, statement_world

pytestmark = pytest.mark.time_machine(NOW)


@pytest.fixture
def world(db):
    """Company A's employee did two half-days (3 h then 3.50 h), a colleague a full day; an
    employee of company B a full day on the same association's need."""
    world = statement_world()
    cycle = world.cycle
    first, second = world.needs
    civic_day_done(
        world, person=cycle.employee, referent=cycle.referent, need=first, day=WED,
        half_days=1, hours="3",
    )  # fmt: skip
    civic_day_done(
        world, person=cycle.employee, referent=cycle.referent, need=second, day=THU,
        half_days=1, hours="3.5",
    )  # fmt: skip
    world.colleague = employee_of(cycle.company, cycle.referent)
    civic_day_done(world, person=world.colleague, referent=cycle.referent, need=first, day=THU)
    world.other = employee_of(world.company_b, world.referent_b)
    civic_day_done(world, person=world.other, referent=world.referent_b, need=first, day=FRI)
    return world


def test_days_are_hours_over_seven_rounded_half_up():
    assert days_of(Decimal("7")) == Decimal("1.00")
    assert days_of(Decimal("3.5")) == Decimal("0.50")
    assert days_of(Decimal("3")) == Decimal("0.43")  # 0.428571…
    assert days_of(Decimal("0.035")) == Decimal("0.01")  # 0.005: half up


def test_the_statement_gives_the_validated_hours(world):
    cycle = world.cycle
    statement = civic_statement(cycle.employee, 2026)
    rows = statement.rows
    assert [(r.day, r.hours, r.days) for r in rows] == [
        (WED, Decimal("3.00"), Decimal("0.43")),
        (THU, Decimal("3.50"), Decimal("0.50")),
    ]
    validated = TimeEntry.objects.filter(
        participation__volunteer=cycle.employee, status=TimeEntryStatus.VALIDATED
    )
    assert statement.hours == sum(e.hours for e in validated) == Decimal("6.50")
    # The same hours are done on the person's account.
    done = Account.objects.get(kind=AccountKind.CIVIC_DONE, person=cycle.employee)
    assert statement.hours == done.balance
    assert statement.days == Decimal("0.93")  # 6.50 / 7, rounded once
    row = rows[0]
    assert (row.association_name, row.association_rna, row.need_title) == (
        cycle.association.name,
        cycle.association.rna,
        "Refaire le site web",
    )
    assert (row.employer_name, row.employer_siren) == (cycle.company.name, cycle.company.siren)
    assert row.person_email == cycle.employee.email
    assert row.person_name == cycle.employee.get_full_name()
    assert person_rows(cycle.employee, 2025) == []


def test_a_reversed_entry_is_left_out(world):
    entry = TimeEntry.objects.get(participation__volunteer=world.colleague)
    time_entry_reverse(entry=entry, by=world.cycle.manager, memo="Mauvaise journée")
    assert person_rows(world.colleague, 2026) == []
    assert civic_statement(world.colleague, 2026).hours == 0
    assert world.colleague.email not in {r.person_email for r in operator_rows(2026)}


def test_no_training_rights_by_default(world):
    statement = civic_statement(world.cycle.employee, 2026)
    assert not statement.conversion.is_set
    assert statement.training_hours is None
    assert all(r.training_hours is None for r in operator_rows(2026))


def test_training_rights_from_the_date_of_effect(world):
    CivicSettings.objects.create(
        year=2026, training_hours_per_day=Decimal("10.00"), training_effective_on=THU
    )
    statement = civic_statement(world.cycle.employee, 2026)
    assert statement.conversion.hours_per_day == Decimal("10.00")
    # Wednesday's half-day is before the date of effect: not converted.
    assert [r.training_hours for r in statement.rows] == [None, Decimal("5.00")]
    assert statement.training_hours == Decimal("5.00")
    by_person = {r.person_email: r.training_hours for r in operator_rows(2026) if r.day >= THU}
    assert by_person[world.colleague.email] == Decimal("10.00")


def test_the_employer_reads_its_employees_days_only(world):
    cycle = world.cycle
    rows = employer_rows(cycle.company, 2026)
    assert {r.person_email for r in rows} == {cycle.employee.email, world.colleague.email}
    assert sum(r.hours for r in rows) == Decimal("13.50")
    assert [r.person_email for r in employer_rows(world.company_b, 2026)] == [world.other.email]
    everyone = operator_rows(2026)
    assert len(everyone) == 4 and sum(r.hours for r in everyone) == Decimal("20.50")


def test_the_pdf_names_the_person_the_association_and_the_hours(client, world):
    employee = world.cycle.employee
    client.force_login(employee)
    response = client.get(reverse("civic:statement_pdf", args=[2026]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert squeeze(employee.get_full_name()) in text
    assert squeeze(world.cycle.association.name) in text
    assert "3,00h" in text and "3,50h" in text and "6,50h" in text and "0,93" in text
    assert squeeze("Aucune : la loi ne l’a pas fixée") in text
    # Only the person's own days: not the colleague's.
    assert squeeze(world.colleague.get_full_name()) not in text
    assert world.other.email not in text
    page = client.get(reverse("civic:my_days")).content.decode()
    assert reverse("civic:statement_pdf", args=[2026]) in page


def test_the_pdf_shows_the_conversion_when_set(client, world):
    CivicSettings.objects.create(
        year=2026, training_hours_per_day=Decimal("10.00"), training_effective_on=THU
    )
    client.force_login(world.cycle.employee)
    text = pdf_text(client.get(reverse("civic:statement_pdf", args=[2026])).content)
    assert "10,00" in text and "12/02/2026" in text and "5,00h" in text


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_employer_csv_and_json_have_the_documented_columns(client, world):
    cycle = world.cycle
    client.force_login(cycle.referent)
    url = reverse("civic:employer_export", args=[cycle.company.pk, 2026, "csv"])
    lines = _csv(client.get(url))
    assert lines[0] == list(COLUMNS)
    first = dict(zip(COLUMNS, lines[1], strict=True))
    assert first["employer_siren"] == cycle.company.siren
    assert {line[0] for line in lines[1:]} == {cycle.employee.email, world.colleague.email}
    assert ("11/02/2026", "3,00", "0,43", "") in {
        (line[8], line[9], line[10], line[11]) for line in lines[1:]
    }
    url = reverse("civic:employer_export", args=[cycle.company.pk, 2026, "json"])
    data = json.loads(client.get(url).content)
    assert data["columns"] == list(COLUMNS) and data["scope"] == "employer"
    assert data["employer"] == {"siren": cycle.company.siren, "name": cycle.company.name}
    assert data["training_conversion"] == {"hours_per_day": None, "effective_on": None}
    assert {tuple(row) for row in data["rows"]} == {COLUMNS}
    wed = next(row for row in data["rows"] if row["day"] == "2026-02-11")
    assert (wed["hours"], wed["days"], wed["training_hours"]) == ("3.00", "0.43", None)
    assert sum(Decimal(row["hours"]) for row in data["rows"]) == Decimal("13.50")
    page = client.get(reverse("documents:company_statements", args=[cycle.company.pk]))
    assert url in page.content.decode()


def test_the_operator_export(client, world):
    staff = operator_staff_with_totp(OperatorFactory())
    client.force_login(staff)
    lines = _csv(client.get(reverse("civic:operator_export", args=[2026, "csv"])))
    assert lines[0] == list(COLUMNS) and len(lines) == 5
    data = json.loads(client.get(reverse("civic:operator_export", args=[2026, "json"])).content)
    assert data["scope"] == "operator" and data["employer"] is None and len(data["rows"]) == 4
    page = client.get(reverse("civic:counter")).content.decode()
    assert reverse("civic:operator_export", args=[2026, "json"]) in page
    client.force_login(member(Role.COMPANY_REFERENT, world.company_b))
    page = client.get(reverse("civic:counter")).content.decode()
    assert reverse("civic:operator_export", args=[2026, "json"]) not in page


def test_unknown_formats_and_years_are_not_found(client, world):
    client.force_login(world.cycle.referent)
    company = world.cycle.company.pk
    assert client.get(f"/service-civique/entreprise/{company}/2026.xml").status_code == 404
    assert client.get(reverse("civic:statement_pdf", args=[1999])).status_code == 404


def test_a_year_without_days_prints_an_empty_statement(client, world):
    client.force_login(world.cycle.employee)
    text = pdf_text(client.get(reverse("civic:statement_pdf", args=[2025])).content)
    assert squeeze("Aucune journée civique validée") in text
    assert datetime.date(2026, 2, 11).strftime("%d/%m/%Y") not in text


def test_the_rows_take_two_queries_whatever_their_number(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the rows (one join), the settings of their year
        assert len(operator_rows(2026)) == 4
    with django_assert_num_queries(2):
        civic_statement(world.cycle.employee, 2026)
