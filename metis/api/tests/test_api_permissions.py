"""API permission matrix of the public read API: every operation answers anonymous callers
(no token, no session) and refuses no one. Other parts of the API keep their own matrix in
`metis/<app>/tests/test_api_permissions.py`, naming each of their operation_ids as a string.

Each row: operation_id → the address to call in the world of metis/api/tests/world.py."""

import pytest

from metis.api.api import api

pytestmark = pytest.mark.django_db

PUBLIC_OPERATIONS = {
    "public_needs_list": lambda w: "/api/v1/needs",
    "public_needs_detail": lambda w: f"/api/v1/needs/{w.need.pk}",
    "public_territories_list": lambda w: "/api/v1/territories",
    "public_territories_detail": lambda w: f"/api/v1/territories/{w.territory.slug}",
    "public_territories_programmes": lambda w: f"/api/v1/territories/{w.territory.slug}/programmes",
    "public_programmes_detail": lambda w: f"/api/v1/programmes/{w.programme.pk}",
    "public_events_list": lambda w: "/api/v1/events",
    "public_events_detail": lambda w: f"/api/v1/events/{w.event.pk}",
    "public_partners_list": lambda w: "/api/v1/partners",
    "public_partners_detail": lambda w: f"/api/v1/partners/{w.partner.pk}",
    "public_civic_counter": lambda w: "/api/v1/civic/counter",
    "public_civic_counter_communes": lambda w: "/api/v1/civic/counter/communes",
}


def _public_operation_ids() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {
        operation["operationId"]
        for methods in paths.values()
        for operation in methods.values()
        if any(tag.startswith("public") for tag in operation.get("tags", []))
    }


def test_every_public_operation_is_in_the_matrix():
    assert _public_operation_ids() == set(PUBLIC_OPERATIONS)


def test_public_operations_declare_no_authentication():
    paths = api.get_openapi_schema()["paths"]
    for methods in paths.values():
        for operation in methods.values():
            if operation["operationId"] in PUBLIC_OPERATIONS:
                assert not operation.get("security"), operation["operationId"]


def test_anonymous_callers_read_every_public_operation(client, world):
    for operation_id, url in PUBLIC_OPERATIONS.items():
        response = client.get(url(world))
        assert response.status_code == 200, (operation_id, response.content[:200])
        assert response["Content-Type"].startswith("application/json")


def test_a_logged_in_person_reads_the_same_public_answers(client, world):
    """A session changes nothing: the public API shows the same thing to everyone (a manager
    of the association still gets 404 for its draft need)."""
    anonymous = {op: client.get(url(world)).content for op, url in PUBLIC_OPERATIONS.items()}
    client.force_login(world.manager)
    for operation_id, url in PUBLIC_OPERATIONS.items():
        assert client.get(url(world)).content == anonymous[operation_id], operation_id
    assert client.get(f"/api/v1/needs/{world.draft_need.pk}").status_code == 404
