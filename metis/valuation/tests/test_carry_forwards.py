"""Carry-forwards from before METIS entered by a company referent (docs/rules.md § 4.3, § 4.4)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory, fiscal_year
from metis.valuation import carry_forwards
from metis.valuation.models import CarriedInDonation, CarriedInReduction
from metis.valuation.rules import CarriedInDonation as CoreDonation

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def company():
    company = CompanyFactory()
    fiscal_year(company, end=datetime.date(2025, 12, 31))
    return company


def test_referent_enters_both_kinds_and_the_core_gets_them(company):
    referent = member(Role.COMPANY_REFERENT, company)
    carry_forwards.carried_in_donation_add(
        company=company,
        amount=D("5000.00"),
        part="60",
        last_fiscal_year_end=datetime.date(2027, 12, 31),
        by=referent,
    )
    carry_forwards.carried_in_reduction_add(
        company=company,
        amount=D("1200.00"),
        last_fiscal_year_end=datetime.date(2028, 12, 31),
        by=referent,
    )
    carried = carry_forwards.company_carried_in(company)
    assert carried.donations == [CoreDonation(D("5000.00"), "60", datetime.date(2027, 12, 31))]
    assert carried.reductions[0].amount == D("1200.00")


@pytest.mark.parametrize(
    ("amount", "last", "message"),
    [
        ("100.00", datetime.date(2024, 12, 31), carry_forwards.CARRIED_IN_EXPIRED),
        ("100.00", datetime.date(2030, 12, 31), carry_forwards.CARRIED_IN_TOO_LATE),
        ("0.00", datetime.date(2026, 12, 31), carry_forwards.AMOUNT_INVALID),
        ("1.001", datetime.date(2026, 12, 31), carry_forwards.AMOUNT_INVALID),
    ],
)
def test_refusals_write_nothing(company, amount, last, message):
    referent = member(Role.COMPANY_REFERENT, company)
    with pytest.raises(ValidationError) as error:
        carry_forwards.carried_in_reduction_add(
            company=company, amount=D(amount), last_fiscal_year_end=last, by=referent
        )
    assert str(message).split("%")[0] in " ".join(error.value.messages)
    assert not CarriedInReduction.objects.exists()


def test_first_fiscal_year_needed(db):
    company = CompanyFactory()
    with pytest.raises(ValidationError) as error:
        carry_forwards.carried_in_donation_add(
            company=company,
            amount=D("10.00"),
            part="40",
            last_fiscal_year_end=datetime.date(2026, 12, 31),
            by=member(Role.COMPANY_REFERENT, company),
        )
    assert error.value.messages == [str(carry_forwards.FIRST_FISCAL_YEAR_NEEDED)]
    assert not CarriedInDonation.objects.exists()


def test_screen_for_the_company_referents_only(client, company):
    url = reverse("valuation_company:carried_in", args=[company.pk])
    payload = {
        "kind": "donation",
        "donation-amount": "5000,00",
        "donation-part": "coluche",
        "donation-last_fiscal_year_end": "2027-12-31",
    }
    client.force_login(member(Role.EMPLOYEE, company))
    assert client.post(url, payload).status_code == 403
    assert not CarriedInDonation.objects.exists()
    client.force_login(member(Role.COMPANY_REFERENT, company))
    assert client.get(url).status_code == 200
    assert client.post(url, payload).status_code == 302
    item = CarriedInDonation.objects.get()
    assert (item.amount, item.part) == (D("5000.00"), "coluche")
    response = client.post(
        reverse("valuation_company:carried_in_remove", args=[company.pk, "excedent", item.pk])
    )
    assert response.status_code == 302 and not CarriedInDonation.objects.exists()
