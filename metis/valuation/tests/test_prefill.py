import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.tests.factories import valued_cycle
from metis.organisations.tests.factories import CompanyFactory, fiscal_year
from metis.valuation.carry_forwards import carried_in_donation_add
from metis.valuation.rules.reduction import add_months

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
    # The recorded years, then the current one (company.fiscal_year_end), not recorded yet.
    assert [row["fiscal_year_end"] for row in initial] == [
        datetime.date(2024, 12, 31),
        datetime.date(2025, 12, 31),
        company.fiscal_year_end,
    ]
    assert initial[2]["turnover_excl_tax"] == Decimal("0.00")
    assert initial[1]["turnover_excl_tax"] == Decimal("6000000")
    assert initial[1]["other_donations"] == Decimal("1500.00")
    assert initial[1]["skills_donations"] == Decimal("0.00")


def test_anonymous_visitors_get_blank_years(client):
    formset = client.get(reverse("valuation:simulator")).context["formset"]
    assert all(not form.initial.get("turnover_excl_tax") for form in formset.forms)


def _rendered_formset_data(html: str) -> dict:
    data = dict(re.findall(r'name="(years-[^"]+)" value="([^"]*)"', html))
    assert data, "no prefilled input found"
    return data


@pytest.mark.time_machine(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC))
def test_prefilled_figures_are_valid_as_they_stand(client):
    """The two days worked fall in the same fiscal year (the clock is set in mid-June).
    3.33 h twice at 46.81 €/h: 155.8773 → 155.88 per entry (rounded per entry), 311.76 in
    all — printed "311,76", never with a tail of zeros, and accepted when posted back."""
    cycle = valued_cycle(days=(3, 2), hours="3.33")
    fiscal_year(cycle.company, end=add_months(cycle.company.fiscal_year_end, -12))
    client.force_login(cycle.referent)
    html = client.get(reverse("valuation:simulator")).content.decode()
    data = _rendered_formset_data(html)
    current = [key for key, value in data.items() if key.endswith("-skills_donations")]
    assert data[sorted(current)[-1]] == "311,76"
    assert all(
        re.fullmatch(r"[\d\s\u00a0\u202f]*(,\d{2})?", value)
        for key, value in data.items()
        if not key.endswith("fiscal_year_end") and "FORMS" not in key
    ), data
    data["calculate"] = "1"
    response = client.post(reverse("valuation:simulator"), data)
    assert response.context["formset"].is_valid(), response.context["formset"].errors
    assert response.context["results"]


def test_referent_simulation_uses_the_company_carry_forwards(client):
    """Carried-in 5,000 € at 60 % usable until the current FY: the first FY (no donation of
    its own, turnover 0 → cap 20,000) retains it all → reduction 5,000 × 0.6 = 3,000.00."""
    company = CompanyFactory()
    first = fiscal_year(company, end=add_months(company.fiscal_year_end, -12), turnover="0")
    referent = member(Role.COMPANY_REFERENT, company)
    carried_in_donation_add(
        company=company,
        amount=Decimal("5000.00"),
        part="60",
        last_fiscal_year_end=company.fiscal_year_end,
        by=referent,
    )
    client.force_login(referent)
    html = client.get(reverse("valuation:simulator")).content.decode()
    data = _rendered_formset_data(html)
    data["calculate"] = "1"
    response = client.post(reverse("valuation:simulator"), data)
    results = response.context["results"]
    assert results[0].result.fiscal_year_end == first.end_date
    assert results[0].result.retained_from_carry_forward == Decimal("5000.00")
    assert results[0].result.reduction == Decimal("3000.00")
    assert "METIS" in " ".join(results[0].lines)
