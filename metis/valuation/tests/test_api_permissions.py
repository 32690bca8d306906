"""API permission matrix of the valuation rules: public calculators, no token, no session,
no CSRF; a token is not needed and not refused (metis/api/tests/test_api_coverage.py)."""

import json

import pytest

OPERATIONS = {
    "valuation_hourly_cost": (
        "/api/v1/valuation/hourly-cost",
        {"year": 2026, "monthly_salary": "4000", "monthly_employer_charges": "1800"},
    ),
    "tax_reduction": (
        "/api/v1/tax/reduction",
        {
            "years": [
                {
                    "fiscal_year_end": "2026-12-31",
                    "turnover_excl_tax": "1000000",
                    "corporate_tax_due": "50000",
                    "donations": "8000",
                }
            ]
        },
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("session", [False, True])
def test_public_calculators_answer_anyone(client, django_user_model, operation, session):
    if session:
        client.force_login(django_user_model.objects.create_user("someone@example.org"))
    url, payload = OPERATIONS[operation]
    response = client.post(url, json.dumps(payload), content_type="application/json")
    assert response.status_code == 200, response.content
    assert client.get(url).status_code == 405
