"""Who opens the Service Civique Professionnel's pages: the counter and its open data are
public (metis/core/tests/test_permission_matrix.py, PUBLIC_PAGES); joining needs a log-in,
and an anonymous post writes nothing."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.organisations.models import Company
from metis.organisations.tests.factories import CompanyFactory, _siren

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "newcomer", "employee", "referent"]
JOIN = "civic:join"


@pytest.fixture
def people(db):
    company = CompanyFactory()
    return {
        "anonymous": None,
        "newcomer": UserFactory(),
        "employee": member(Role.EMPLOYEE, company),
        "referent": member(Role.COMPANY_REFERENT, company),
    }


def _client(client, people, persona):
    if people[persona]:
        client.force_login(people[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_join_page_needs_a_log_in(client, people, persona):
    response = _client(client, people, persona).get(reverse(JOIN))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 200
        assert "Adhérer au Service Civique Professionnel" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_joining(client, people, persona):
    """Anonymous: nothing written; an employee of another company: refused on the form;
    anyone else without an employer joins."""
    response = _client(client, people, persona).post(
        reverse(JOIN),
        {
            "siren": _siren(7777),
            "company_name": "Menuiserie Petit",
            "commune": "92071",
            "hr_email": "rh@petit.fr",
        },
    )
    joined = Company.objects.filter(siren=_siren(7777)).exists()
    assert joined == (persona in {"newcomer", "referent"})
    if persona == "employee":
        assert "mettre fin à cet emploi" in response.content.decode()
    if joined:
        assert response.url == reverse("civic:counter")


def test_the_home_page_of_a_person_without_membership_links_to_joining(client, people):
    client.force_login(people["newcomer"])
    assert reverse(JOIN) in client.get(reverse("inbox:home")).content.decode()


def test_the_footer_links_the_counter(client, people):
    assert reverse("civic:counter") in client.get(reverse("inbox:privacy")).content.decode()
