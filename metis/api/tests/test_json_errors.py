"""The API answers its JSON error body for every refusal, and bounds its inputs."""

import json

import pytest
from django.test import Client

from metis.valuation import api_errors
from metis.valuation.forms import FISCAL_YEAR_END_TOO_LATE
from metis.valuation.tests.test_simulator import URL as SIMULATOR_URL
from metis.valuation.tests.test_simulator import formset_data

HOURLY_COST_URL = "/api/v1/valuation/hourly-cost"
REDUCTION_URL = "/api/v1/tax/reduction"


def _year(end):
    return {
        "fiscal_year_end": end,
        "turnover_excl_tax": "0",
        "corporate_tax_due": "0",
        "donations": "100",
    }


def _assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] and isinstance(body["errors"], list)
    return body


@pytest.mark.parametrize("end", ["9998-12-31", "9999-12-31", "2101-01-31"])
def test_fiscal_years_beyond_2100_are_refused(client, end):
    response = client.post(
        REDUCTION_URL, json.dumps({"years": [_year(end)]}), content_type="application/json"
    )
    body = _assert_json_error(response, 400)
    assert body["errors"] == [
        {"field": "years.0.fiscal_year_end", "message": api_errors.FISCAL_YEAR_END_TOO_LATE}
    ]


def test_a_fiscal_year_ending_in_2000_is_refused(client):
    response = client.post(
        REDUCTION_URL, json.dumps({"years": [_year("2000-12-31")]}), content_type="application/json"
    )
    _assert_json_error(response, 400)


@pytest.mark.parametrize("hours", ["", " 151.67", "1e2", "151.", 151.5])
def test_monthly_hours_outside_the_published_pattern_are_refused(client, hours):
    payload = {
        "year": 2026,
        "monthly_salary": "5000",
        "monthly_employer_charges": "2100",
        "monthly_hours": hours,
    }
    response = client.post(HOURLY_COST_URL, json.dumps(payload), content_type="application/json")
    body = _assert_json_error(response, 400)
    assert body["fields"] == ["monthly_hours"]


@pytest.mark.parametrize("debug", [False, True])
def test_a_body_over_the_upload_limit_answers_json(client, settings, debug):
    settings.DEBUG = debug
    client.raise_request_exception = False
    body = json.dumps({"years": [_year("2024-12-31")] * 30_000})
    assert len(body) > 2.5 * 1024 * 1024
    response = client.post(REDUCTION_URL, body, content_type="application/json")
    result = _assert_json_error(response, 413)
    assert api_errors.BODY_TOO_LARGE in result["message"]


def test_unknown_address_and_wrong_method_answer_json():
    client = Client()
    _assert_json_error(client.get("/api/v1/nowhere"), 404)
    response = client.get(HOURLY_COST_URL)
    _assert_json_error(response, 405)
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("end", ["9998-12-31", "9999-12-31"])
def test_the_simulator_refuses_fiscal_years_beyond_2100(client, end):
    response = client.post(SIMULATOR_URL, formset_data([(end, "0", "0", "100")]))
    assert response.status_code == 200
    assert str(FISCAL_YEAR_END_TOO_LATE) in response.content.decode()


@pytest.mark.parametrize("amount", ["1E+40", "1" * 40 + ".001", 10**40, "1e400"])
def test_huge_amounts_are_refused_as_too_large(client, amount):
    payload = {"year": 2026, "monthly_salary": amount, "monthly_employer_charges": "0"}
    response = client.post(HOURLY_COST_URL, json.dumps(payload), content_type="application/json")
    body = _assert_json_error(response, 400)
    assert body["fields"] == ["monthly_salary"]
