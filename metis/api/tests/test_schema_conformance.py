"""The OpenAPI document states the bounds the server applies: schemathesis generates requests
from it (valid and invalid ones) and runs every check against the API, in-process, in a small
world of public data (metis/api/tests/world.py) so that the public reads answer real 200s, and
a company and an association with hours validated and valued. Every operation is called without
a token (the organisation API answers its declared 401), and the organisation operations again
with a write token of their kind of organisation.

Two rules cannot be written in JSON Schema, so for those operations only a schema-valid request
may be refused with the API's 400 error body (still checked against the schema): the fiscal
years of a tax-reduction request must be consecutive and in order (a relation between list
items); the catalogue's commune must exist and, with a distance, have a known centre (data)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from metis.documents.tests.factories import valued_cycle
from metis.tokens.services import api_token_create

from .world import build_world

ACCEPTS_400 = {"checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", 400]}}}
OPERATIONS = {
    "operations": [
        {"include-path": "/api/v1/tax/reduction", **ACCEPTS_400},
        {"include-path": "/api/v1/needs", **ACCEPTS_400},
        # A list of people may name one address twice: refused as a whole, with its rows.
        {
            "include-path": "/api/v1/organisation/company/employees/import",
            "checks": {
                "positive_data_acceptance": {"expected-statuses": ["2XX", 400, 401, 403, 404]}
            },
        },
    ]
}
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict(OPERATIONS),
)
# With a token: schemathesis leaves the Authorization header to the test (without this, a
# "header missing" case would still carry the test's token and be answered 200).
with_token = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json",
    get_wsgi_application(),
    config=SchemathesisConfig.from_dict(
        {"generation": {"with-security-parameters": False}, **OPERATIONS}
    ),
)


@pytest.fixture(scope="module", autouse=True)
def _requests_keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, not through Django's test client: as the
    test client does, keep the request signals from closing the connection, which holds the
    test's transaction (on PostgreSQL; SQLite's in-memory database never closes)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def public_world(django_db_setup, django_db_blocker):
    """Built once for the module (schemathesis calls the test many times): the world stays
    for every generated request, and is removed after."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            cycle = valued_cycle()
            world.tokens = {
                "company": api_token_create(
                    organisation=cycle.company, name="SIRH", scope="write", by=cycle.referent
                )[1],
                "association": api_token_create(
                    organisation=cycle.association, name="Outil", scope="write", by=cycle.manager
                )[1],
            }
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, public_world):
    case.call_and_validate()


@pytest.mark.django_db
@with_token.include(tag="organisation: company").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_company_operations_conform_with_a_token(case, public_world):
    case.call_and_validate(headers={"Authorization": f"Bearer {public_world.tokens['company']}"})


@pytest.mark.django_db
@with_token.include(tag="organisation: association").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_association_operations_conform_with_a_token(case, public_world):
    token = public_world.tokens["association"]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
