"""The permission matrix of the organisation API (docs/api-tokens.md): each operation, named by
its operation_id, called without a token (401), with a revoked token (401), with a token of the
other kind of organisation (403) or of another organisation of the same kind (404, or its own
empty list), with a read token on a write (403) — none of them writing anything — then with a
token of the right organisation and scope (2xx and its effect in the database)."""

import pytest

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.documents.services.receipts import receipt_issue
from metis.documents.tests.factories import day
from metis.ledger.models import Posting
from metis.needs.enums import TimeEntryStatus
from metis.needs.models import TimeEntry
from metis.organisations.tests.factories import fiscal_year

API = "/api/v1/organisation"


def _employee_membership(w):
    return Membership.objects.get(user=w.employee, role=Role.EMPLOYEE, company=w.company)


def _receipt(w):
    return receipt_issue(
        association=w.association,
        company=w.company,
        period_start=day(30),
        period_end=day(0),
        by=w.manager,
    )


# operation_id: (organisation kind, scope, method, path(w), JSON body or None, expected status)
OPERATIONS = {
    "company_employees_list": ("company", "read", "get", lambda w: f"{API}/company/employees"),
    "company_employees_import": (
        "company",
        "write",
        "post",
        lambda w: f"{API}/company/employees/import",
    ),
    "company_employee_end": (
        "company",
        "write",
        "post",
        lambda w: f"{API}/company/employees/{_employee_membership(w).pk}/end",
    ),
    "company_participations_list": (
        "company",
        "read",
        "get",
        lambda w: f"{API}/company/participations",
    ),
    "company_time_entries_list": (
        "company",
        "read",
        "get",
        lambda w: f"{API}/company/time-entries",
    ),
    "company_valued_hours_by_year": (
        "company",
        "read",
        "get",
        lambda w: f"{API}/company/valued-hours",
    ),
    "company_receipts_list": ("company", "read", "get", lambda w: f"{API}/company/receipts"),
    "company_receipt_pdf": (
        "company",
        "read",
        "get",
        lambda w: f"{API}/company/receipts/{_receipt(w).pk}/pdf",
    ),
    "company_statements_list": ("company", "read", "get", lambda w: f"{API}/company/statements"),
    "company_statement_download": (
        "company",
        "read",
        "get",
        lambda w: f"{API}/company/statements/{fiscal_year(w.company).end_date}?format=csv",
    ),
    "association_participations_list": (
        "association",
        "read",
        "get",
        lambda w: f"{API}/association/participations",
    ),
    "association_time_entries_list": (
        "association",
        "read",
        "get",
        lambda w: f"{API}/association/time-entries",
    ),
    "association_time_entry_validate": (
        "association",
        "write",
        "post",
        lambda w: f"{API}/association/time-entries/{w.entry.pk}/validate",
    ),
    "association_time_entry_reject": (
        "association",
        "write",
        "post",
        lambda w: f"{API}/association/time-entries/{w.entry.pk}/reject",
    ),
}
BODIES = {
    "company_employees_import": {"people": [{"email": "nouvelle@exemple.fr", "first_name": "Ana"}]},
    "association_time_entry_reject": {"reason": "wrong_hours", "note": "Deux heures."},
}
# Operations on one object: another organisation's token gets a 404 (else its own, empty list).
ON_ONE_OBJECT = {
    "company_employee_end",
    "company_receipt_pdf",
    "company_statement_download",
    "association_time_entry_validate",
    "association_time_entry_reject",
}


def _snapshot():
    return (
        list(Membership.objects.order_by("pk").values("pk", "ended_at")),
        list(Invitation.objects.order_by("pk").values()),
        list(TimeEntry.objects.order_by("pk").values()),
        Posting.objects.count(),
    )


def _call(client, method, path, body, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(path, **headers)
    return client.post(path, body or {}, content_type="application/json", **headers)


def _is_error_body(response):
    body = response.json()
    return set(body) == {"message", "fields", "errors"} and body["message"]


def test_every_operation_of_the_organisation_api_is_in_the_matrix():
    from metis.api.api import api

    paths = api.get_openapi_schema()["paths"]
    ours = {
        op["operationId"]
        for path, item in paths.items()
        if path.startswith("/api/v1/organisation/")
        for op in item.values()
    }
    assert ours == set(OPERATIONS)


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_api_permission_matrix(client, world, operation_id):
    w = world
    kind, scope, method, path_of = OPERATIONS[operation_id]
    path, body = path_of(w), BODIES.get(operation_id)
    texts = {
        "company": (w.company_read_text, w.company_write_text, w.company_revoked_text),
        "association": (
            w.association_read_text,
            w.association_write_text,
            w.association_revoked_text,
        ),
    }
    read_text, write_text, revoked_text = texts[kind]
    other_kind = "association" if kind == "company" else "company"
    other_same = w.other_company_text if kind == "company" else w.other_association_text
    before = _snapshot()

    for token in (None, revoked_text, "metis_nimporte_quoi"):
        response = _call(client, method, path, body, token)
        assert response.status_code == 401, (token, response.content)
        assert _is_error_body(response)
    response = _call(client, method, path, body, texts[other_kind][1])
    assert response.status_code == 403 and _is_error_body(response)
    response = _call(client, method, path, body, other_same)
    if operation_id in ON_ONE_OBJECT:
        assert response.status_code == 404 and _is_error_body(response)
    elif operation_id == "company_employees_import":
        # Another company's token invites into that company only.
        assert response.status_code == 201
        assert not Invitation.objects.filter(company=w.company).exists()
        before = _snapshot()
    else:
        assert response.status_code == 200
        assert str(w.company.name) not in response.content.decode()
        assert response.json().get("count", 0) == 0
    if scope == "write":
        response = _call(client, method, path, body, read_text)
        assert response.status_code == 403 and _is_error_body(response)
    assert _snapshot() == before

    token = write_text if scope == "write" else read_text
    response = _call(client, method, path, body, token)
    assert response.status_code in (200, 201), response.content
    EFFECTS[operation_id](w, response)


def _listed(count_at_least=1):
    def check(w, response):
        assert response.json()["count"] >= count_at_least

    return check


def _imported(w, response):
    assert response.status_code == 201
    assert Invitation.objects.get(email="nouvelle@exemple.fr", company=w.company).invited_by == (
        w.referent
    )


def _ended(w, response):
    assert _employee_membership(w).ended_at is not None
    assert response.json()["is_current"] is False


def _time_entries(w, response):
    items = response.json()["items"]
    assert {i["status"] for i in items} == {"declared", "validated"}
    assert all(i["value"] for i in items if i["status"] == "validated")


def _valued(w, response):
    years = response.json()["years"]
    assert sum(float(y["validated_hours"]) for y in years) == 8
    assert all(float(y["value"]) > 0 for y in years)


def _pdf(w, response):
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content])[
        :4
    ] == (b"%PDF")


def _statements(w, response):
    assert response.json() == {"statements": []}


def _csv(w, response):
    assert response["Content-Type"].startswith("text/csv")


def _validated(w, response):
    w.entry.refresh_from_db()
    assert w.entry.status == TimeEntryStatus.VALIDATED and w.entry.validated_by == w.manager
    assert w.entry.posting is not None
    assert response.json()["status"] == "validated" and response.json()["value"] is None


def _rejected(w, response):
    w.entry.refresh_from_db()
    assert w.entry.status == TimeEntryStatus.REJECTED and w.entry.rejection_reason == "wrong_hours"
    assert w.entry.rejection_note == "Deux heures." and w.entry.posting is None


EFFECTS = {
    "company_employees_list": _listed(),
    "company_employees_import": _imported,
    "company_employee_end": _ended,
    "company_participations_list": _listed(),
    "company_time_entries_list": _time_entries,
    "company_valued_hours_by_year": _valued,
    "company_receipts_list": _listed(0),
    "company_receipt_pdf": _pdf,
    "company_statements_list": _statements,
    "company_statement_download": _csv,
    "association_participations_list": _listed(),
    "association_time_entries_list": _listed(),
    "association_time_entry_validate": _validated,
    "association_time_entry_reject": _rejected,
}
