"""The OpenAPI document states the bounds the server applies: schemathesis generates requests
from it (valid and invalid ones) and runs every check against the API, in-process.

One rule cannot be written in JSON Schema: the fiscal years of a tax-reduction request must be
consecutive and in order (a relation between list items). For that operation only, a
schema-valid request may be refused with the API's 400 error body (still checked against the
schema); every other check stays on."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path": "/api/v1/tax/reduction",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", 400]}},
            }
        ]
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
