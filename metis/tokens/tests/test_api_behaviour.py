"""What the organisation API's writes do, as the screens do: the import is all or nothing, an
ended membership cannot end again, validating hours posts them on the ledger and rejecting
them does not; refusals answer the API's error body in French."""

import io
from decimal import Decimal

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.accounts.services import invitation_accept
from metis.accounts.tests.factories import UserFactory
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account
from metis.needs.enums import TimeEntryStatus
from metis.needs.services.time_entries import ENTRY_NOT_DECLARED

API = "/api/v1/organisation"


def _post(client, path, token, body=None):
    return client.post(
        f"{API}{path}",
        body or {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_import_is_all_or_nothing_on_a_bad_row(client, world):
    people = [
        {"email": "une@exemple.fr", "first_name": "Une"},
        {"email": "pas-une-adresse"},
        {"email": "deux@exemple.fr"},
    ]
    response = _post(
        client, "/company/employees/import", world.company_write_text, {"people": people}
    )
    assert response.status_code == 400
    assert response.json()["fields"] == ["people.1.email"]
    assert not Invitation.objects.filter(company=world.company).exists()


def test_import_skips_current_employees_and_dedupes(client, world):
    people = [
        {"email": world.employee.email.upper()},
        {"email": "une@exemple.fr", "first_name": "Une", "last_name": "Autre", "grade": "Cadre"},
        {"email": "UNE@exemple.fr"},
    ]
    response = _post(
        client, "/company/employees/import", world.company_write_text, {"people": people}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [i["email"] for i in body["invited"]] == ["une@exemple.fr"]
    assert body["already_members"] == [world.employee.email]
    invitation = Invitation.objects.get(company=world.company)
    assert (invitation.role, invitation.first_name, invitation.last_name, invitation.grade) == (
        Role.EMPLOYEE,
        "Une",
        "Autre",
        "Cadre",
    )
    person = UserFactory(email="une@exemple.fr")
    membership = invitation_accept(invitation=invitation, user=person)
    assert (membership.role, membership.grade) == (Role.EMPLOYEE, "Cadre")


def test_import_refuses_unknown_fields_and_empty_lists_in_french(client, world):
    response = _post(client, "/company/employees/import", world.company_write_text, {"people": []})
    assert response.status_code == 400 and response.json()["fields"] == ["people"]
    response = _post(
        client,
        "/company/employees/import",
        world.company_write_text,
        {"people": [{"email": "a@exemple.fr", "role": "employee"}]},
    )
    assert response.status_code == 400
    assert "Champ inconnu." in [e["message"] for e in response.json()["errors"]]


def test_ending_an_ended_membership_is_refused(client, world):
    membership = Membership.objects.get(user=world.employee, company=world.company)
    path = f"/company/employees/{membership.pk}/end"
    assert _post(client, path, world.company_write_text).status_code == 200
    response = _post(client, path, world.company_write_text)
    assert response.status_code == 400
    assert "déjà" in response.json()["message"]


def test_a_referent_membership_is_not_an_employee_to_end(client, world):
    membership = Membership.objects.get(user=world.referent, company=world.company)
    response = _post(client, f"/company/employees/{membership.pk}/end", world.company_write_text)
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.ended_at is None


def _delivered(world):
    return Account.objects.get(
        programme=world.cycle.programme, kind=AccountKind.DELIVERED, association=world.association
    ).balance


def test_validate_delivers_the_hours_on_the_ledger_once(client, world):
    before = _delivered(world)
    path = f"/association/time-entries/{world.entry.pk}/validate"
    assert _post(client, path, world.association_write_text).status_code == 200
    assert _delivered(world) == before + Decimal("3")
    world.entry.refresh_from_db()
    assert world.entry.value is not None  # valued by the employer's cost price, as via the screen
    response = _post(client, path, world.association_write_text)
    assert response.status_code == 409  # a conflict with the entry's state
    assert response.json()["message"] == str(ENTRY_NOT_DECLARED)
    assert _delivered(world) == before + Decimal("3")


def test_reject_needs_a_known_reason_and_posts_nothing(client, world):
    before = _delivered(world)
    path = f"/association/time-entries/{world.entry.pk}/reject"
    response = _post(client, path, world.association_write_text, {"reason": "pas une raison"})
    assert response.status_code == 400 and response.json()["fields"] == ["reason"]
    response = _post(client, path, world.association_write_text, {"note": "sans raison"})
    assert response.status_code == 400 and response.json()["fields"] == ["reason"]
    world.entry.refresh_from_db()
    assert world.entry.status == TimeEntryStatus.DECLARED
    response = _post(client, path, world.association_write_text, {"reason": "not_done"})
    assert response.status_code == 200
    world.entry.refresh_from_db()
    assert (
        world.entry.status == TimeEntryStatus.REJECTED and world.entry.validated_by == world.manager
    )
    assert _delivered(world) == before


def test_the_token_acts_as_its_creator_only_while_they_manage(client, world):
    from metis.accounts.services import membership_end

    membership = world.manager.memberships.get(association=world.association)
    membership_end(membership=membership, by=world.manager)
    path = f"/association/time-entries/{world.entry.pk}/validate"
    assert _post(client, path, world.association_write_text).status_code == 401
    world.entry.refresh_from_db()
    assert world.entry.status == TimeEntryStatus.DECLARED


def test_pagination_envelope(client, world):
    response = client.get(
        f"{API}/association/time-entries?page_size=1&page=2",
        HTTP_AUTHORIZATION=f"Bearer {world.association_read_text}",
    )
    body = response.json()
    assert set(body) == {"count", "page", "page_size", "next", "previous", "items"}
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (3, 2, 1, 1)
    assert "page=3" in body["next"] and "page=1" in body["previous"]
    response = client.get(
        f"{API}/association/time-entries?page_size=101",
        HTTP_AUTHORIZATION=f"Bearer {world.association_read_text}",
    )
    assert response.status_code == 400 and response.json()["fields"] == ["page_size"]


def test_the_statement_comes_in_every_format_of_the_screen(client, world):
    from pypdf import PdfReader

    from metis.organisations.tests.factories import fiscal_year

    end = fiscal_year(world.company).end_date
    path = f"{API}/company/statements/{end}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.company_read_text}"}
    screen = client.get(path, {"format": "csv"}, **auth)
    assert screen["Content-Type"].startswith("text/csv")
    xlsx = client.get(path, {"format": "xlsx"}, **auth)
    assert xlsx.content[:2] == b"PK"  # a zip: the workbook
    pdf = client.get(path, {"format": "pdf"}, **auth)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert world.company.name in text
    assert client.get(path, {"format": "odt"}, **auth).status_code == 400
