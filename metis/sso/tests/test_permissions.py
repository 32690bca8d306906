"""Who configures a company's single sign-on (its referents only) and who reaches the company
log-in entry (everybody); a refused person writes nothing."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory
from metis.sso.models import CompanySso

from .factories import configured, oidc_data, saml_data

PERSONAS = ["anonymous", "referent", "employee", "other_referent"]


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def personas(company):
    return {
        "referent": member(Role.COMPANY_REFERENT, company),
        "employee": member(Role.EMPLOYEE, company),
        "other_referent": member(Role.COMPANY_REFERENT, CompanyFactory()),
    }


def _login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])


def _state():
    return list(CompanySso.objects.values_list("pk", "enabled", "claim_value"))


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("account_login"))
    return response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_configure_matrix(client, company, personas, persona):
    _login(client, personas, persona)
    url = reverse("sso:configure", args=[company.pk])
    page = client.get(url)
    data = {**oidc_data(), "domains": "acme-sso.fr"}
    response = client.post(url, data)
    if persona == "referent":
        assert page.status_code == 200
        assert f"/accounts/oidc/entreprise-{company.pk}/login/callback/" in page.content.decode()
        assert f"/accounts/saml/entreprise-{company.pk}/metadata/" in page.content.decode()
        assert response.status_code == 302
        assert CompanySso.objects.get().company == company
    else:
        assert _refused(page, persona) and _refused(response, persona)
        assert not CompanySso.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["sso:enable", "sso:disable"])
def test_switch_matrix(client, company, personas, persona, name):
    sso = configured(company, personas["referent"], enabled=name == "sso:disable")
    before = _state()
    _login(client, personas, persona)
    response = client.post(reverse(name, args=[company.pk]))
    if persona == "referent":
        assert response.status_code == 302
        sso.refresh_from_db()
        assert sso.enabled is (name == "sso:enable")
    else:
        assert _refused(response, persona)
        assert _state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_company_login_is_public(client, company, personas, persona, saml_host):
    """SAML here: its redirect is computed without asking the provider anything."""
    configured(company, personas["referent"], saml_data())
    _login(client, personas, persona)
    page = client.get(reverse("sso:company_login"))
    assert page.status_code == 200
    response = client.post(
        reverse("sso:company_login"), {"email": "alice@acme-sso.fr"}, HTTP_HOST=saml_host
    )
    assert response.status_code == 302
    assert response.url.startswith("https://idp.acme-sso.fr/saml/sso?SAMLRequest=")


def test_login_page_shows_the_company_entry(client, db):
    page = client.get(reverse("account_login"))
    assert reverse("sso:company_login") in page.content.decode()


def test_unknown_domain_stays_on_the_entry(client, db):
    response = client.post(reverse("sso:company_login"), {"email": "alice@inconnue.fr"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
