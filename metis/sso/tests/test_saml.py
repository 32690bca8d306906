"""SAML: the referent configures their identity provider on the screen, and allauth serves the
service provider's metadata for the company's app (what the referent gives their provider)."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory
from metis.sso.enums import Protocol
from metis.sso.models import CompanySso

from .factories import saml_data

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def referent(company):
    return member(Role.COMPANY_REFERENT, company)


def _configure_on_screen(client, company, referent):
    client.force_login(referent)
    response = client.post(
        reverse("sso:configure", args=[company.pk]),
        {**saml_data(), "domains": "acme-sso.fr\nacme-group.com"},
    )
    assert response.status_code == 302
    client.post(reverse("sso:enable", args=[company.pk]))
    return CompanySso.objects.get(company=company)


def test_configure_saml_on_the_screen(client, company, referent):
    sso = _configure_on_screen(client, company, referent)
    assert sso.protocol == Protocol.SAML and sso.enabled
    assert sso.social_app.provider == "saml"
    assert sso.social_app.settings["idp"]["sso_url"] == "https://idp.acme-sso.fr/saml/sso"
    assert sorted(sso.domains.values_list("domain", flat=True)) == ["acme-group.com", "acme-sso.fr"]
    page = client.get(reverse("sso:configure", args=[company.pk]))
    assert "https://idp.acme-sso.fr/saml" in page.content.decode()


def test_sp_metadata_names_the_acs(client, company, referent, saml_host):
    sso = _configure_on_screen(client, company, referent)
    client.logout()  # the identity provider reads it without a session
    response = client.get(reverse("saml_metadata", args=[sso.slug]), HTTP_HOST=saml_host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{MD}EntityDescriptor"
    assert root.get("entityID") == f"http://{saml_host}" + reverse("saml_metadata", args=[sso.slug])
    acs = root.find(f"{MD}SPSSODescriptor/{MD}AssertionConsumerService")
    assert acs.get("Location") == f"http://{saml_host}" + reverse("saml_acs", args=[sso.slug])
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"


def test_sp_metadata_of_an_unknown_company_is_a_404(client, db):
    assert client.get(reverse("saml_metadata", args=["entreprise-0"])).status_code == 404


def test_a_refusal_shows_on_the_screen(client, company, referent):
    client.force_login(referent)
    response = client.post(
        reverse("sso:configure", args=[company.pk]),
        {**saml_data(saml_x509cert=""), "domains": "gmail.com"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["domains"]
    assert not CompanySso.objects.exists()
    response = client.post(
        reverse("sso:configure", args=[company.pk]),
        {**saml_data(saml_x509cert=""), "domains": "acme-sso.fr"},
    )
    assert 'role="alert"' in response.content.decode()
    assert response.context["form"].non_field_errors()
