"""The OpenAPI document states the bounds the server applies: schemathesis generates requests
from it (valid and invalid ones) and runs every check against the API, in-process, in a small
world of public data (metis/api/tests/world.py) so that the public reads answer real 200s.

Two rules cannot be written in JSON Schema, so for those operations only a schema-valid request
may be refused with the API's 400 error body (still checked against the schema): the fiscal
years of a tax-reduction request must be consecutive and in order (a relation between list
items); the catalogue's commune must exist and, with a distance, have a known centre (data)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from .world import build_world

ACCEPTS_400 = {"checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", 400]}}}
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {"include-path": "/api/v1/tax/reduction", **ACCEPTS_400},
            {"include-path": "/api/v1/needs", **ACCEPTS_400},
        ]
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture(scope="module")
def public_world(django_db_setup, django_db_blocker):
    """Built once for the module (schemathesis calls the test many times): the world stays
    for every generated request, and is removed after."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, public_world):
    case.call_and_validate()
