"""POST /api/v1/tax/reduction with "carried_in" (docs/rules.md § 4.3 and § 4.4)."""

import pytest
from django.test import Client

from metis.valuation import api_errors

from .test_api import REDUCTION_URL, assert_bad_request, post


@pytest.fixture
def api_client():
    return Client(enforce_csrf_checks=True)


def _year(end, turnover="0.00", tax="0.00", donations="0.00"):
    return {
        "fiscal_year_end": end,
        "turnover_excl_tax": turnover,
        "corporate_tax_due": tax,
        "donations": donations,
    }


def test_carried_in_example_of_the_issue(api_client):
    """Carried in: 5,000 € at 60 % usable until 2027, a 1,200 € reduction until 2028.

    FY 2026 (turnover 1 M€ → cap 20,000): own 18,000, room 2,000 → 2,000 of the 5,000.
    Reduction = 18,000 × 0.6 + 2,000 × 0.6 = 12,000.00. IS 4,000: the carried-in 1,200 first,
    then 2,800 of the 12,000 → 9,200 carried. Donations carried: 3,000.
    FY 2027 (cap 20,000): own 0 → the 3,000 left (last FY 2027). Reduction 1,800.00.
    IS 20,000: 9,200 of 2026, then 1,800 → 11,000 imputed, nothing carried.
    """
    response = post(
        api_client,
        REDUCTION_URL,
        {
            "years": [
                _year("2026-12-31", "1000000.00", "4000.00", "18000.00"),
                _year("2027-12-31", "1000000.00", "20000.00", "0.00"),
            ],
            "carried_in": {
                "donations": [
                    {"amount": "5000.00", "part": "60", "last_fiscal_year_end": "2027-12-31"}
                ],
                "reductions": [{"amount": "1200.00", "last_fiscal_year_end": "2028-12-31"}],
            },
        },
    )
    assert response.status_code == 200, response.content
    y2026, y2027 = response.json()["years"]
    assert y2026["retained_from_carry_forward"] == "2000.00"
    assert y2026["reduction"] == "12000.00"
    assert y2026["reduction_imputed"] == "4000.00"
    assert y2026["reduction_carry_forward_balance"] == "9200.00"
    assert y2026["donation_carry_forward_balance"] == "3000.00"
    assert y2027["retained_from_carry_forward"] == "3000.00"
    assert y2027["reduction"] == "1800.00"
    assert y2027["reduction_imputed"] == "11000.00"
    assert y2027["reduction_carry_forward_balance"] == "0.00"
    assert y2027["donation_carry_forward_balance"] == "0.00"


def test_carried_in_is_optional_and_may_be_empty(api_client):
    years = [_year("2026-12-31", donations="100.00")]
    for extra in ({}, {"carried_in": None}, {"carried_in": {}}):
        response = post(api_client, REDUCTION_URL, {"years": years, **extra})
        assert response.status_code == 200
        assert response.json()["years"][0]["reduction"] == "60.00"


@pytest.mark.parametrize(
    ("carried_in", "field", "message"),
    [
        (
            {"donations": [{"amount": "1.00", "part": "50", "last_fiscal_year_end": "2026-12-31"}]},
            "carried_in.donations.0.part",
            api_errors.CARRIED_IN_PART,
        ),
        (
            {"donations": [{"amount": "1.00", "part": "60", "last_fiscal_year_end": "2025-12-31"}]},
            "carried_in.donations.0.last_fiscal_year_end",
            api_errors.CARRIED_IN_EXPIRED,
        ),
        (
            {"reductions": [{"amount": "1.001", "last_fiscal_year_end": "2026-12-31"}]},
            "carried_in.reductions.0.amount",
            api_errors.TOO_MANY_DECIMALS,
        ),
        (
            {"reductions": [{"amount": "1.00", "last_fiscal_year_end": "31/12/2026"}]},
            "carried_in.reductions.0.last_fiscal_year_end",
            api_errors.INVALID_DATE,
        ),
        (
            {"reductions": [{"amount": "1.00"}]},
            "carried_in.reductions.0.last_fiscal_year_end",
            api_errors.REQUIRED,
        ),
        ({"gifts": []}, "carried_in.gifts", api_errors.UNKNOWN_FIELD),
    ],
)
def test_carried_in_bad_input(api_client, carried_in, field, message):
    response = post(
        api_client,
        REDUCTION_URL,
        {"years": [_year("2026-12-31")], "carried_in": carried_in},
    )
    body = assert_bad_request(response, field)
    assert {"field": field, "message": message} in body["errors"]


def test_carried_in_usable_beyond_five_years_is_refused(api_client):
    years = [_year(f"{2026 + n}-12-31") for n in range(6)]
    response = post(
        api_client,
        REDUCTION_URL,
        {
            "years": years,
            "carried_in": {
                "reductions": [{"amount": "1.00", "last_fiscal_year_end": "2031-12-31"}]
            },
        },
    )
    body = assert_bad_request(response, "carried_in.reductions.0.last_fiscal_year_end")
    assert body["errors"][0]["message"] == api_errors.CARRIED_IN_USABLE_TOO_LONG
