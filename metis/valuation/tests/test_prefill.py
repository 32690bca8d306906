import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory, fiscal_year

pytestmark = pytest.mark.django_db


def test_simulator_is_prefilled_with_the_company_fiscal_years(client):
    company = CompanyFactory()
    fiscal_year(company, end=datetime.date(2024, 12, 31), turnover="2000000", tax="8000")
    fy = fiscal_year(company, end=datetime.date(2025, 12, 31), turnover="6000000", tax="40000")
    fy.other_donations = Decimal("1500.00")
    fy.save()
    client.force_login(member(Role.COMPANY_REFERENT, company))
    formset = client.get(reverse("valuation:simulator")).context["formset"]
    initial = [form.initial for form in formset.forms if form.initial]
    assert [row["fiscal_year_end"] for row in initial] == [
        datetime.date(2024, 12, 31),
        datetime.date(2025, 12, 31),
    ]
    assert initial[1]["turnover_excl_tax"] == Decimal("6000000")
    assert initial[1]["other_donations"] == Decimal("1500.00")
    assert initial[1]["skills_donations"] == Decimal("0.00")


def test_anonymous_visitors_get_blank_years(client):
    formset = client.get(reverse("valuation:simulator")).context["formset"]
    assert all(not form.initial.get("turnover_excl_tax") for form in formset.forms)
