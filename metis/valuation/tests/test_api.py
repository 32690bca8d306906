"""JSON API: POST /api/v1/valuation/hourly-cost and /api/v1/tax/reduction (public, no CSRF)."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metis.valuation import api_errors
from metis.valuation.rules import known_pmss_years

HOURLY_COST_URL = "/api/v1/valuation/hourly-cost"
REDUCTION_URL = "/api/v1/tax/reduction"


@pytest.fixture
def api_client():
    # A client that enforces CSRF like a browser would: the API must not need a token.
    return Client(enforce_csrf_checks=True)


def post(client, url, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(url, body, content_type="application/json")


def assert_bad_request(response, *fields):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["message"], str) and body["message"]
    assert body["message"].startswith(api_errors.INVALID_REQUEST)
    assert body["fields"] == [error["field"] for error in body["errors"]] or set(
        body["fields"]
    ) == {error["field"] for error in body["errors"]}
    for field in fields:
        assert field in body["fields"], body
    return body


# --- hourly cost ----------------------------------------------------------------------


def test_hourly_cost_example_of_the_issue(api_client):
    response = post(
        api_client,
        HOURLY_COST_URL,
        {
            "year": 2026,
            "monthly_salary": "5000.00",
            "monthly_employer_charges": "2100.00",
            "monthly_hours": "151.67",
        },
    )
    assert response.status_code == 200
    assert response.json() == {"hourly_cost": "46.81", "capped": False, "monthly_cap": "12015.00"}


def test_hourly_cost_year_as_a_string(api_client):
    payload = {"year": "2026", "monthly_salary": "5000.00", "monthly_employer_charges": "2100.00"}
    assert post(api_client, HOURLY_COST_URL, payload).json()["hourly_cost"] == "46.81"


def test_hourly_cost_capped_example_with_numbers_and_default_hours(api_client):
    response = post(
        api_client,
        HOURLY_COST_URL,
        {"year": 2026, "monthly_salary": 11000, "monthly_employer_charges": 4600.0},
    )
    assert response.status_code == 200
    assert response.json() == {"hourly_cost": "79.22", "capped": True, "monthly_cap": "12015.00"}


@pytest.mark.parametrize(
    ("year", "cap"),
    [
        (2021, "10284.00"),
        (2022, "10284.00"),
        (2023, "10998.00"),
        (2024, "11592.00"),
        (2025, "11775.00"),
    ],
)
def test_hourly_cost_cap_per_year(api_client, year, cap):
    response = post(
        api_client,
        HOURLY_COST_URL,
        {
            "year": year,
            "monthly_salary": "20000",
            "monthly_employer_charges": "0",
            "monthly_hours": 100,
        },
    )
    assert response.json()["monthly_cap"] == cap
    assert response.json()["capped"] is True


@pytest.mark.parametrize("year", [2019, max(known_pmss_years()) + 1])
def test_hourly_cost_year_without_pmss(api_client, year):
    response = post(
        api_client,
        HOURLY_COST_URL,
        {"year": year, "monthly_salary": "5000.00", "monthly_employer_charges": "2100.00"},
    )
    body = assert_bad_request(response, "year")
    assert body["errors"] == [
        {"field": "year", "message": api_errors.UNKNOWN_PMSS_YEAR.format(year=year)}
    ]
    assert "PMSS" in body["message"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"monthly_salary": "-1.00"}, "monthly_salary", api_errors.NEGATIVE),
        ({"monthly_salary": -1}, "monthly_salary", api_errors.NEGATIVE),
        ({"monthly_salary": "abc"}, "monthly_salary", api_errors.NOT_A_NUMBER),
        ({"monthly_salary": "5000.001"}, "monthly_salary", api_errors.TOO_MANY_DECIMALS),
        ({"monthly_salary": 5000.001}, "monthly_salary", api_errors.TOO_MANY_DECIMALS),
        ({"monthly_salary": "NaN"}, "monthly_salary", api_errors.NOT_FINITE),
        ({"monthly_salary": True}, "monthly_salary", api_errors.NOT_A_NUMBER),
        ({"monthly_salary": None}, "monthly_salary", api_errors.NOT_A_NUMBER),
        ({"monthly_salary": "1e20"}, "monthly_salary", api_errors.TOO_LARGE),
        ({"monthly_employer_charges": "-0.01"}, "monthly_employer_charges", api_errors.NEGATIVE),
        ({"monthly_hours": "0"}, "monthly_hours", api_errors.NOT_POSITIVE),
        ({"monthly_hours": -151.67}, "monthly_hours", api_errors.NOT_POSITIVE),
        ({"monthly_hours": "1000"}, "monthly_hours", api_errors.MONTHLY_HOURS_TOO_LARGE),
        ({"monthly_hours": "151.667"}, "monthly_hours", api_errors.TOO_MANY_DECIMALS),
        ({"year": "twenty"}, "year", api_errors.NOT_AN_INTEGER),
        ({"year": True}, "year", api_errors.NOT_AN_INTEGER),
        ({"year": 2026.5}, "year", api_errors.NOT_AN_INTEGER),
        ({"year": None}, "year", api_errors.NOT_AN_INTEGER),
        ({"salary": "1"}, "salary", api_errors.UNKNOWN_FIELD),
    ],
)
def test_hourly_cost_bad_input(api_client, changes, field, message):
    payload = {"year": 2026, "monthly_salary": "5000.00", "monthly_employer_charges": "2100.00"}
    payload.update(changes)
    body = assert_bad_request(post(api_client, HOURLY_COST_URL, payload), field)
    assert {"field": field, "message": message} in body["errors"]


def test_hourly_cost_missing_fields(api_client):
    body = assert_bad_request(
        post(api_client, HOURLY_COST_URL, {}), "year", "monthly_salary", "monthly_employer_charges"
    )
    assert all(error["message"] == api_errors.REQUIRED for error in body["errors"])


@pytest.mark.parametrize("raw", ["", "{", "[]", "null", '"x"', "not json"])
def test_malformed_body(api_client, raw):
    for url in (HOURLY_COST_URL, REDUCTION_URL):
        assert_bad_request(post(api_client, url, raw), "body")


def test_only_post(api_client):
    assert api_client.get(HOURLY_COST_URL).status_code == 405
    assert api_client.get(REDUCTION_URL).status_code == 405


# --- tax reduction --------------------------------------------------------------------

WORKED_EXAMPLE = {
    "years": [
        {
            "fiscal_year_end": "2024-12-31",
            "turnover_excl_tax": "2000000.00",
            "corporate_tax_due": "8000.00",
            "donations": "30000.00",
            "coluche_donations": "0.00",
        },
        {
            "fiscal_year_end": "2025-12-31",
            "turnover_excl_tax": "6000000.00",
            "corporate_tax_due": "40000.00",
            "donations": "22000.00",
            "coluche_donations": "0.00",
        },
        {
            "fiscal_year_end": "2026-12-31",
            "turnover_excl_tax": "3000000.00",
            "corporate_tax_due": "5000.00",
            "donations": "0.00",
            "coluche_donations": "0.00",
        },
    ]
}

WORKED_EXAMPLE_ANSWER = {
    "years": [
        {
            "fiscal_year_end": "2024-12-31",
            "cap": "20000.00",
            "retained_donations": "20000.00",
            "retained_from_carry_forward": "0.00",
            "excess_donations": "10000.00",
            "reduction": "12000.00",
            "reduction_imputed": "8000.00",
            "reduction_carry_forward_balance": "4000.00",
            "donation_carry_forward_balance": "10000.00",
            "expired_donations": "0.00",
            "expired_reductions": "0.00",
        },
        {
            "fiscal_year_end": "2025-12-31",
            "cap": "30000.00",
            "retained_donations": "30000.00",
            "retained_from_carry_forward": "8000.00",
            "excess_donations": "0.00",
            "reduction": "18000.00",
            "reduction_imputed": "22000.00",
            "reduction_carry_forward_balance": "0.00",
            "donation_carry_forward_balance": "2000.00",
            "expired_donations": "0.00",
            "expired_reductions": "0.00",
        },
        {
            "fiscal_year_end": "2026-12-31",
            "cap": "20000.00",
            "retained_donations": "2000.00",
            "retained_from_carry_forward": "2000.00",
            "excess_donations": "0.00",
            "reduction": "1200.00",
            "reduction_imputed": "1200.00",
            "reduction_carry_forward_balance": "0.00",
            "donation_carry_forward_balance": "0.00",
            "expired_donations": "0.00",
            "expired_reductions": "0.00",
        },
    ]
}


def test_reduction_worked_example(api_client):
    response = post(api_client, REDUCTION_URL, WORKED_EXAMPLE)
    assert response.status_code == 200, response.content
    assert response.json() == WORKED_EXAMPLE_ANSWER


def test_reduction_accepts_numbers_and_optional_coluche(api_client):
    payload = {
        "years": [
            {
                "fiscal_year_end": year["fiscal_year_end"],
                "turnover_excl_tax": float(year["turnover_excl_tax"]),
                "corporate_tax_due": int(float(year["corporate_tax_due"])),
                "donations": float(year["donations"]),
            }
            for year in WORKED_EXAMPLE["years"]
        ]
    }
    assert post(api_client, REDUCTION_URL, payload).json() == WORKED_EXAMPLE_ANSWER


def test_reduction_cap_examples_and_coluche(api_client):
    payload = {
        "years": [
            {
                "fiscal_year_end": "2030-12-31",
                "turnover_excl_tax": "10000000",
                "corporate_tax_due": "0",
                "donations": "40000",
                "coluche_donations": "20000",
            },
            {
                "fiscal_year_end": "2031-12-31",
                "turnover_excl_tax": "1000000",
                "corporate_tax_due": "100000",
                "donations": "0",
            },
        ]
    }
    response = post(api_client, REDUCTION_URL, payload)
    assert response.status_code == 200, response.content
    first, second = response.json()["years"]
    assert first["cap"] == "50000.00" and second["cap"] == "20000.00"
    assert first["excess_donations"] == "10000.00"
    assert first["reduction"] == "30000.00"
    assert first["reduction_carry_forward_balance"] == "30000.00"
    assert second["retained_from_carry_forward"] == "10000.00"
    assert second["reduction"] == "6000.00"
    assert second["reduction_imputed"] == "36000.00"


def test_reduction_expiries(api_client):
    years = [
        {
            "fiscal_year_end": f"{2021 + i}-12-31",
            "turnover_excl_tax": "0",
            "corporate_tax_due": "0",
            "donations": "30000" if i == 0 else "20000",
        }
        for i in range(7)
    ]
    answer = post(api_client, REDUCTION_URL, {"years": years}).json()["years"]
    assert [y["expired_donations"] for y in answer] == ["0.00"] * 5 + ["10000.00", "0.00"]
    assert answer[5]["expired_reductions"] == "12000.00"  # 2021's, never imputed (no tax)
    assert answer[6]["expired_reductions"] == "12000.00"  # 2022's


def _year(end, **changes):
    year = {
        "fiscal_year_end": end,
        "turnover_excl_tax": "0",
        "corporate_tax_due": "0",
        "donations": "0",
    }
    year.update(changes)
    return year


@pytest.mark.parametrize(
    ("years", "field", "message"),
    [
        (
            [_year("2025-12-31"), _year("2024-12-31")],
            "years.1.fiscal_year_end",
            api_errors.FISCAL_YEARS_OUT_OF_ORDER,
        ),
        (
            [_year("2024-12-31"), _year("2024-12-31")],
            "years.1.fiscal_year_end",
            api_errors.FISCAL_YEARS_OUT_OF_ORDER,
        ),
        (
            [_year("2023-12-31"), _year("2024-12-31"), _year("2026-12-31")],
            "years.2.fiscal_year_end",
            api_errors.FISCAL_YEARS_NOT_CONSECUTIVE,
        ),
        (
            [_year("2020-06-30")],
            "years.0.fiscal_year_end",
            api_errors.NO_RULE_SET.format(date="30/06/2020"),
        ),
        ([_year("2024-12-31", donations="-5")], "years.0.donations", api_errors.NEGATIVE),
        (
            [_year("2024-12-31", donations="1.234")],
            "years.0.donations",
            api_errors.TOO_MANY_DECIMALS,
        ),
        ([_year("2024-12-31", donations="beaucoup")], "years.0.donations", api_errors.NOT_A_NUMBER),
        (
            [_year("2024-12-31", coluche_donations=-1)],
            "years.0.coluche_donations",
            api_errors.NEGATIVE,
        ),
        (
            [_year("2024-12-31", turnover_excl_tax="1,5")],
            "years.0.turnover_excl_tax",
            api_errors.NOT_A_NUMBER,
        ),
        (
            [_year("2024-12-31", corporate_tax_due=None)],
            "years.0.corporate_tax_due",
            api_errors.NOT_A_NUMBER,
        ),
        ([_year("2024-12-31", bonus="1")], "years.0.bonus", api_errors.UNKNOWN_FIELD),
        ([_year("31/12/2024")], "years.0.fiscal_year_end", api_errors.INVALID_DATE),
        ([_year("2024-02-30")], "years.0.fiscal_year_end", api_errors.INVALID_DATE),
        ([], "years", api_errors.NO_FISCAL_YEAR),
        (
            [_year(f"{2021 + i}-12-31") for i in range(51)],
            "years",
            api_errors.TOO_MANY_FISCAL_YEARS,
        ),
        ("2024", "years", api_errors.NOT_A_LIST),
    ],
)
def test_reduction_bad_input(api_client, years, field, message):
    body = assert_bad_request(post(api_client, REDUCTION_URL, {"years": years}), field)
    assert {"field": field, "message": message} in body["errors"]


def test_reduction_unknown_top_level_field_and_missing_years(api_client):
    body = assert_bad_request(
        post(api_client, REDUCTION_URL, {"fiscal_years": []}), "years", "fiscal_years"
    )
    assert {"field": "years", "message": api_errors.REQUIRED} in body["errors"]


def test_reduction_reports_every_field_at_fault(api_client):
    years = [_year("2024-12-31", donations="-1", corporate_tax_due="x", turnover_excl_tax="0.001")]
    body = assert_bad_request(post(api_client, REDUCTION_URL, {"years": years}))
    assert set(body["fields"]) == {
        "years.0.donations",
        "years.0.corporate_tax_due",
        "years.0.turnover_excl_tax",
    }


def test_reduction_accepts_later_fiscal_years_without_pmss(api_client):
    # The reduction needs no PMSS: the 238 bis rule set applies to every later FY.
    response = post(api_client, REDUCTION_URL, {"years": [_year("2035-12-31", donations="100")]})
    assert response.status_code == 200
    assert response.json()["years"][0]["reduction"] == "60.00"


def test_reduction_accepts_a_first_fy_closing_on_31_december_2020(api_client):
    response = post(api_client, REDUCTION_URL, {"years": [_year("2020-12-31", donations="100")]})
    assert response.status_code == 200


# --- never a 500 ----------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
amount_like = st.one_of(
    json_values,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**20), max_value=10**20),
)
fuzzed_year = st.fixed_dictionaries(
    {
        "fiscal_year_end": st.one_of(st.dates().map(str), json_values),
        "turnover_excl_tax": amount_like,
        "corporate_tax_due": amount_like,
        "donations": amount_like,
    },
    optional={"coluche_donations": amount_like, "extra": json_values},
)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.fixed_dictionaries({"years": st.lists(fuzzed_year, max_size=4)})))
def test_reduction_never_answers_500(payload):
    response = post(Client(), REDUCTION_URL, payload)
    assert response.status_code in (200, 400)
    assert isinstance(response.json(), dict)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {
            "year": st.one_of(st.integers(), json_values),
            "monthly_salary": amount_like,
            "monthly_employer_charges": amount_like,
        },
        optional={"monthly_hours": amount_like},
    )
)
def test_hourly_cost_never_answers_500(payload):
    response = post(Client(), HOURLY_COST_URL, payload)
    assert response.status_code in (200, 400)


# --- OpenAPI --------------------------------------------------------------------------


def test_openapi_document_lists_both_endpoints_with_their_schemas(api_client):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    hourly = document["paths"][HOURLY_COST_URL]["post"]
    reduction = document["paths"][REDUCTION_URL]["post"]
    hourly_in = hourly["requestBody"]["content"]["application/json"]["schema"]
    assert set(hourly_in["required"]) == {"year", "monthly_salary", "monthly_employer_charges"}
    assert hourly_in["additionalProperties"] is False
    year_in = reduction["requestBody"]["content"]["application/json"]["schema"]["properties"][
        "years"
    ]["items"]
    assert "coluche_donations" not in year_in["required"]
    assert {"200", "400"} <= set(reduction["responses"])
    schemas = document["components"]["schemas"]
    assert schemas["FiscalYearOut"]["properties"]["reduction"]["type"] == "string"
    assert "$defs" not in json.dumps(document)
