"""Configuring a company's single sign-on: which domains it may claim, what each protocol
needs, enabling and disabling; the claim rule."""

import pytest
from django.core.exceptions import ValidationError

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory
from metis.sso import services
from metis.sso.domains import parse_domains
from metis.sso.enums import Protocol
from metis.sso.models import SsoDomain

from .factories import configured, oidc_data, saml_data


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def referent(company):
    return member(Role.COMPANY_REFERENT, company)


def _messages(excinfo):
    return [str(m) for m in excinfo.value.messages]


def test_configure_drives_an_allauth_app_and_starts_disabled(company, referent):
    sso = services.sso_configure(company=company, data=oidc_data(), by=referent)
    assert not sso.enabled and sso.created_by == referent
    app = sso.social_app
    assert (app.provider, app.provider_id) == ("openid_connect", f"entreprise-{company.pk}")
    assert (app.client_id, app.secret) == ("metis", "s3cret")
    assert app.settings["server_url"] == "https://login.acme-sso.fr/realms/acme"
    assert list(sso.domains.values_list("domain", flat=True)) == ["acme-sso.fr"]


def test_reconfigure_keeps_the_secret_and_replaces_the_domains(company, referent):
    services.sso_configure(company=company, data=oidc_data(), by=referent)
    sso = services.sso_configure(
        company=company,
        data=oidc_data(domains=["acme.fr", "acme-group.com"], secret=""),
        by=referent,
    )
    assert sso.social_app.secret == "s3cret"
    assert sorted(sso.domains.values_list("domain", flat=True)) == ["acme-group.com", "acme.fr"]


@pytest.mark.parametrize(
    ("domain", "error"),
    [
        ("gmail.com", services.PUBLIC_DOMAIN),
        ("orange.fr", services.PUBLIC_DOMAIN),
        ("pas un domaine", services.INVALID_DOMAIN),
        ("localhost", services.INVALID_DOMAIN),
    ],
)
def test_domains_a_company_cannot_claim(company, referent, domain, error):
    with pytest.raises(ValidationError) as excinfo:
        services.sso_configure(company=company, data=oidc_data(domains=[domain]), by=referent)
    assert _messages(excinfo) == [str(error) % {"domain": domain}]
    assert not SsoDomain.objects.exists()


def test_a_domain_belongs_to_one_company(company, referent):
    configured(company, referent)
    other = CompanyFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.sso_configure(
            company=other, data=oidc_data(), by=member(Role.COMPANY_REFERENT, other)
        )
    assert _messages(excinfo) == [str(services.DOMAIN_TAKEN) % {"domain": "acme-sso.fr"}]


def test_no_domain_refused(company, referent):
    with pytest.raises(ValidationError) as excinfo:
        services.sso_configure(company=company, data=oidc_data(domains=[]), by=referent)
    assert _messages(excinfo) == [str(services.NO_DOMAIN)]


def test_each_protocol_needs_its_fields(company, referent):
    with pytest.raises(ValidationError) as excinfo:
        services.sso_configure(company=company, data=oidc_data(client_id=""), by=referent)
    assert _messages(excinfo) == [str(services.OIDC_FIELDS_MISSING)]
    with pytest.raises(ValidationError) as excinfo:
        services.sso_configure(company=company, data=saml_data(saml_x509cert=""), by=referent)
    assert _messages(excinfo) == [str(services.SAML_FIELDS_MISSING)]


def test_switch_from_oidc_to_saml_keeps_the_app(company, referent):
    oidc = services.sso_configure(company=company, data=oidc_data(), by=referent)
    saml = services.sso_configure(company=company, data=saml_data(), by=referent)
    assert saml.pk == oidc.pk and saml.protocol == Protocol.SAML
    app = saml.social_app
    assert (app.provider, app.client_id, app.secret) == ("saml", app.provider_id, "")
    assert app.settings["idp"]["entity_id"] == "https://idp.acme-sso.fr/saml"


def test_enable_and_disable_check_the_state(company, referent):
    sso = configured(company, referent)
    with pytest.raises(ValidationError):
        services.sso_enable(sso=sso, by=referent)
    sso = services.sso_disable(sso=sso, by=referent)
    assert not sso.enabled
    with pytest.raises(ValidationError):
        services.sso_disable(sso=sso, by=referent)


def test_parse_domains():
    assert parse_domains(" Acme.FR\n@acme-group.com, acme.fr;") == ["acme.fr", "acme-group.com"]


@pytest.mark.parametrize(
    ("claims", "holds"),
    [
        ({"groups": ["staff", "metis"]}, True),
        ({"groups": "staff metis"}, True),
        ({"groups": ["staff"]}, False),
        ({}, False),
    ],
)
def test_claim_rule(company, referent, claims, holds):
    sso = configured(company, referent, oidc_data(claim_value="metis"))
    assert services.claim_holds(sso, claims) is holds
    sso.claim_value = ""
    assert services.claim_holds(sso, claims)


def test_login_refusals_write_nothing(company, referent):
    sso = configured(company, referent)
    with pytest.raises(ValidationError) as excinfo:
        services.sso_login(app=sso.social_app, email="bob@gmail.com", claims={})
    assert _messages(excinfo) == [str(services.LOGIN_FOREIGN_DOMAIN)]
    services.sso_disable(sso=sso, by=referent)
    with pytest.raises(ValidationError) as excinfo:
        services.sso_login(app=sso.social_app, email="alice@acme-sso.fr", claims={})
    assert _messages(excinfo) == [str(services.LOGIN_DISABLED)]
    assert company.memberships.filter(role=Role.EMPLOYEE).count() == 0


def test_addresses_must_be_https(company, referent, settings):
    settings.SSO_ALLOW_HTTP = False
    for data in (
        oidc_data(server_url="http://login.acme-sso.fr/realms/acme"),
        saml_data(saml_sso_url="http://idp.acme-sso.fr/saml/sso"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            services.sso_configure(company=company, data=data, by=referent)
        assert _messages(excinfo) == [str(services.NOT_HTTPS)]
    assert services.sso_configure(company=company, data=oidc_data(), by=referent)


def test_company_identities_exported_and_erased(company, referent):
    from allauth.socialaccount.models import SocialAccount

    from metis.accounts.services import user_erase, user_export_data

    sso = configured(company, referent)
    person = services.sso_login(
        app=sso.social_app, email="alice@acme-sso.fr", claims={}, first_name="Alice"
    )
    SocialAccount.objects.create(
        user=person, provider=sso.slug, uid="42", extra_data={"email": "alice@acme-sso.fr"}
    )
    exported = user_export_data(user=person)["company_identities"]
    assert [(i["provider"], i["identifier"]) for i in exported] == [(sso.slug, "42")]
    user_erase(user=person)
    assert not SocialAccount.objects.filter(user=person).exists()
