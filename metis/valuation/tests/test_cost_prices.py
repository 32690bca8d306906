from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.organisations.tests.factories import CompanyFactory, OperatorFactory
from metis.valuation.cost_prices import (
    UNKNOWN_YEAR,
    cost_price_for,
    cost_price_record,
    cost_price_table,
)
from metis.valuation.models import CostPrice

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory()


@pytest.fixture
def referent(company):
    return member(Role.COMPANY_REFERENT, company)


@pytest.fixture
def employee(company):
    return member(Role.EMPLOYEE, company)


def test_hourly_cost_is_stored_without_the_salary(company, referent, employee):
    price = cost_price_record(
        company=company,
        employee=employee,
        year=2026,
        by=referent,
        monthly_salary=Decimal("5000.00"),
        monthly_employer_charges=Decimal("2100.00"),
    )
    assert (price.hourly_cost, price.capped, price.year) == (Decimal("46.81"), False, 2026)
    stored = {f.name for f in CostPrice._meta.get_fields()}
    assert not stored & {"monthly_salary", "salary", "monthly_employer_charges"}


def test_cap_at_three_pmss_is_applied_and_recorded(company, referent, employee):
    price = cost_price_record(
        company=company,
        employee=employee,
        year=2026,
        by=referent,
        monthly_salary=Decimal("11000"),
        monthly_employer_charges=Decimal("4600"),
    )
    assert (price.hourly_cost, price.capped) == (Decimal("79.22"), True)


def test_a_year_without_pmss_is_refused(company, referent, employee):
    with pytest.raises(ValidationError) as error:
        cost_price_record(
            company=company,
            employee=employee,
            year=2031,
            by=referent,
            monthly_salary=Decimal("3000"),
            monthly_employer_charges=Decimal("1000"),
        )
    assert error.value.message_dict["year"] == [str(UNKNOWN_YEAR % {"year": 2031})]
    assert not CostPrice.objects.exists()


def test_latest_entry_wins_and_history_is_kept(company, referent, employee):
    for salary in ("3000", "3200"):
        cost_price_record(
            company=company,
            employee=employee,
            year=2025,
            by=referent,
            monthly_salary=Decimal(salary),
            monthly_employer_charges=Decimal("1300"),
        )
    assert CostPrice.objects.count() == 2
    assert cost_price_for(company=company, employee=employee, year=2025).hourly_cost == Decimal(
        "29.67"
    )  # (3200 + 1300) / 151.67 = 29.6697


def test_grade_price_applies_to_employees_of_that_grade(company, referent, employee):
    Membership.objects.filter(user=employee).update(grade="Cadre")
    cost_price_record(
        company=company,
        grade="Cadre",
        year=2026,
        by=referent,
        monthly_salary=Decimal("4000"),
        monthly_employer_charges=Decimal("1800"),
    )
    assert cost_price_for(company=company, employee=employee, year=2026).grade == "Cadre"
    assert cost_price_for(company=company, employee=employee, year=2025) is None
    rows = cost_price_table(company=company, year=2025)
    assert rows[0]["price"] is None  # shown as "awaiting cost price"


def test_employee_or_grade_but_not_both(company, referent, employee):
    with pytest.raises(ValidationError):
        cost_price_record(
            company=company,
            employee=employee,
            grade="Cadre",
            year=2026,
            by=referent,
            monthly_salary=Decimal("1"),
            monthly_employer_charges=Decimal("1"),
        )


def test_cost_prices_are_seen_by_referents_and_the_employee_only(
    client, company, referent, employee
):
    cost_price_record(
        company=company,
        employee=employee,
        year=2026,
        by=referent,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
    )
    url = reverse("valuation_company:cost_prices", args=[company.pk])
    client.force_login(referent)
    assert "46,81" in client.get(url).content.decode()
    others = [
        employee,
        operator_staff_with_totp(OperatorFactory()),
        member(Role.COMPANY_REFERENT, CompanyFactory()),
    ]
    for other in others:
        client.force_login(other)
        assert client.get(url).status_code == 403
    client.force_login(employee)
    mine = client.get(reverse("valuation_company:my_cost_prices")).content.decode()
    assert "46,81" in mine


def test_referent_enters_a_cost_price_in_the_browser(client, company, referent, employee):
    client.force_login(referent)
    response = client.post(
        reverse("valuation_company:cost_prices", args=[company.pk]),
        {
            "employee": employee.pk,
            "year": 2026,
            "monthly_salary": "5000",
            "monthly_employer_charges": "2100",
            "monthly_hours": "151.67",
        },
    )
    assert response.status_code == 302
    assert CostPrice.objects.get().hourly_cost == Decimal("46.81")
