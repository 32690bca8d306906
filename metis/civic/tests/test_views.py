"""Who opens the civic-day statement and its exports (docs/civic-statement.md): every logged-in
person their own statement; a company's export its referents only; the national export operator
staff only. Anonymous people are sent to the log-in page, anyone else refused gets a 403."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.organisations.tests.factories import CompanyFactory, OperatorFactory

PERSONAS = ["anonymous", "newcomer", "employee_a", "referent_a", "referent_b", "operator"]


@pytest.fixture
def world(db):
    company_a, company_b = CompanyFactory(), CompanyFactory()
    return {
        "company_a": company_a,
        "people": {
            "anonymous": None,
            "newcomer": UserFactory(),
            "employee_a": member(Role.EMPLOYEE, company_a),
            "referent_a": member(Role.COMPANY_REFERENT, company_a),
            "referent_b": member(Role.COMPANY_REFERENT, company_b),
            "operator": operator_staff_with_totp(OperatorFactory()),
        },
    }


def _get(client, world, persona, url):
    person = world["people"][persona]
    if person:
        client.force_login(person)
    return client.get(url)


def _expect(response, persona, allowed):
    if persona in allowed:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


LOGGED_IN = set(PERSONAS) - {"anonymous"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_statement_pdf_is_the_persons_own(client, world, persona):
    response = _get(client, world, persona, reverse("civic:statement_pdf", args=[2026]))
    _expect(response, persona, LOGGED_IN)
    if persona in LOGGED_IN:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_employer_export_is_its_referents(client, world, persona, fmt):
    url = reverse("civic:employer_export", args=[world["company_a"].pk, 2026, fmt])
    _expect(_get(client, world, persona, url), persona, {"referent_a"})


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_operator_export_is_operator_staffs(client, world, persona, fmt):
    url = reverse("civic:operator_export", args=[2026, fmt])
    _expect(_get(client, world, persona, url), persona, {"operator"})
