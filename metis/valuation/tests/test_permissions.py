"""Every persona × the cost-price screens and the public simulator.

A company's cost prices: its referents only (an allowed post records one, a refused one writes
nothing); an employee sees only the prices that value their own hours; the simulator is public.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.organisations.tests.factories import CompanyFactory, OperatorFactory, fiscal_year
from metis.valuation.carry_forwards import carried_in_reduction_add
from metis.valuation.cost_prices import cost_price_record
from metis.valuation.models import CarriedInReduction, CostPrice

PERSONAS = ["anonymous", "referent", "employee", "referent_b", "operator", "newcomer"]


@pytest.fixture
def world(db):
    company = CompanyFactory()
    people = {
        "anonymous": None,
        "referent": member(Role.COMPANY_REFERENT, company),
        "employee": member(Role.EMPLOYEE, company),
        "referent_b": member(Role.COMPANY_REFERENT, CompanyFactory()),
        "operator": operator_staff_with_totp(OperatorFactory()),
        "newcomer": UserFactory(),
    }
    cost_price_record(
        company=company,
        employee=people["employee"],
        year=2026,
        by=people["referent"],
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
    )
    return {"company": company, "people": people}


def _login(client, world, persona):
    if world["people"][persona]:
        client.force_login(world["people"][persona])
    return client


def _state():
    return list(CostPrice.objects.order_by("pk").values_list("pk", "hourly_cost", "year"))


def _is_login_redirect(response):
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_company_cost_prices(client, world, persona):
    url = reverse("valuation_company:cost_prices", args=[world["company"].pk])
    client = _login(client, world, persona)
    page = client.get(url)
    before = _state()
    response = client.post(
        url,
        {
            "employee": world["people"]["employee"].pk,
            "year": 2025,
            "monthly_salary": "4000",
            "monthly_employer_charges": "1700",
            "monthly_hours": "151.67",
        },
    )
    if persona == "anonymous":
        assert _is_login_redirect(page) and _is_login_redirect(response)
        assert _state() == before
    elif persona == "referent":
        assert page.status_code == 200 and "46,81" in page.text
        assert response.status_code == 302
        recorded = CostPrice.objects.exclude(pk__in=[pk for pk, *_ in before]).get()
        assert (recorded.year, recorded.hourly_cost) == (2025, Decimal("37.58"))
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert _state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_cost_prices(client, world, persona):
    response = _login(client, world, persona).get(reverse("valuation_company:my_cost_prices"))
    if persona == "anonymous":
        assert _is_login_redirect(response)
        return
    assert response.status_code == 200
    assert ("46,81" in response.text) == (persona == "employee")


@pytest.mark.parametrize("persona", PERSONAS)
def test_simulator_is_public(client, world, persona):
    response = _login(client, world, persona).get(reverse("valuation:simulator"))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_carried_in_matrix(client, world, persona):
    """Carry-forwards from before METIS: the company's referents see and remove them."""
    company = world["company"]
    fiscal_year(company, end=datetime.date(2025, 12, 31))
    reduction = carried_in_reduction_add(
        company=company,
        amount=Decimal("1000.00"),
        last_fiscal_year_end=datetime.date(2026, 12, 31),
        by=world["people"]["referent"],
    )
    client = _login(client, world, persona)
    page = client.get(reverse("valuation_company:carried_in", args=[company.pk]))
    client.post(
        reverse("valuation_company:carried_in_remove", args=[company.pk, "reduction", reduction.pk])
    )
    removed = not CarriedInReduction.objects.filter(pk=reduction.pk).exists()
    assert removed == (persona == "referent")
    if persona == "anonymous":
        assert _is_login_redirect(page)
    else:
        assert page.status_code == (200 if persona == "referent" else 403)
