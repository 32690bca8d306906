"""The whole OpenID Connect authorization-code flow against a real identity provider
(tests/idp/, run as a subprocess): METIS sends the person there, they log in on its page, the
provider sends them back to METIS's callback, METIS exchanges the code and reads the claims."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory
from metis.sso import services
from metis.sso.enums import Protocol

from .idp import CLIENT_ID, EMAIL, SECRET


@pytest.fixture
def company(db):
    return CompanyFactory(name="Acme")


@pytest.fixture
def sso(company, identity_provider):
    referent = member(Role.COMPANY_REFERENT, company)
    sso = services.sso_configure(
        company=company,
        data={
            "protocol": Protocol.OIDC,
            "domains": ["acme-sso.fr"],
            "server_url": identity_provider.issuer,
            "client_id": CLIENT_ID,
            "secret": SECRET,
            "claim_name": "groups",
            "claim_value": "metis",
        },
        by=referent,
    )
    return services.sso_enable(sso=sso, by=referent)


def _callback(sso):
    return "http://testserver" + reverse("openid_connect_callback", args=[sso.slug])


def _log_in(client, identity_provider, email=EMAIL):
    """Type the work e-mail on METIS, log in at the provider, come back to the callback."""
    response = client.post(reverse("sso:company_login"), {"email": email})
    assert response.status_code == 302
    assert response.url.startswith(identity_provider.issuer + "/authorize/")
    back = urlsplit(identity_provider.log_in(response.url))
    assert back.netloc == "testserver"
    return client.get(f"{back.path}?{back.query}")


def _employments(company):
    return Membership.objects.filter(company=company, role=Role.EMPLOYEE)


def test_login_creates_the_person_and_their_employee_membership(
    client, sso, company, identity_provider
):
    identity_provider.setup(redirect_uri=_callback(sso), groups=["metis", "staff"])
    response = _log_in(client, identity_provider)
    assert response.status_code == 302 and response.url == reverse("inbox:home")
    user = get_user_model().objects.get(email=EMAIL)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (user.first_name, user.last_name) == ("Alice", "Martin")
    assert not user.has_usable_password()
    assert user.emailaddress_set.get().verified
    assert _employments(company).current().get().user == user
    assert client.get(reverse("inbox:home")).status_code == 200

    # Logged out, the person comes back: the same account, still one membership.
    client.logout()
    response = _log_in(client, identity_provider)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert _employments(company).count() == 1


def test_existing_person_is_linked_to_the_identity(client, sso, company, identity_provider):
    existing = get_user_model().objects.create_user(EMAIL, password="ancien-mot-de-passe")
    identity_provider.setup(redirect_uri=_callback(sso))
    _log_in(client, identity_provider)
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert existing.socialaccount_set.get().provider == sso.slug
    assert _employments(company).current().get().user == existing


def test_claim_rule_refuses_and_ends_the_membership(client, sso, company, identity_provider):
    identity_provider.setup(redirect_uri=_callback(sso), groups=["metis"])
    _log_in(client, identity_provider)
    assert _employments(company).current().count() == 1
    client.logout()

    identity_provider.setup(redirect_uri=_callback(sso), groups=["anciens"])
    response = _log_in(client, identity_provider)
    assert response.status_code == 302 and response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert not _employments(company).current().exists()
    assert _employments(company).get().ended_at is not None
    page = client.get(response.url)
    with translation.override("fr"):
        assert escape(str(services.LOGIN_CLAIM_REFUSED)) in page.content.decode()


def test_email_of_another_domain_is_refused(client, sso, company, identity_provider):
    """The provider vouches only for the company's domains: an identity with another e-mail
    logs nobody in and creates nothing."""
    identity_provider.setup(redirect_uri=_callback(sso), email="bob@ailleurs.fr")
    response = client.post(reverse("sso:company_login"), {"email": "alice@acme-sso.fr"})
    back = urlsplit(identity_provider.log_in(response.url, email="bob@ailleurs.fr"))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302 and response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email="bob@ailleurs.fr").exists()
    assert not _employments(company).exists()


def test_disabled_sso_refuses(client, sso, company, identity_provider):
    identity_provider.setup(redirect_uri=_callback(sso))
    response = client.post(reverse("sso:company_login"), {"email": EMAIL})
    services.sso_disable(sso=sso, by=sso.created_by)
    back = urlsplit(identity_provider.log_in(response.url))
    response = client.get(f"{back.path}?{back.query}")
    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    # and the entry on the log-in page no longer knows the domain
    page = client.post(reverse("sso:company_login"), {"email": EMAIL})
    assert page.status_code == 200


def test_second_factor_still_asked(client, sso, company, identity_provider):
    """A person with a TOTP authenticator gives their code after the provider, as with a
    password."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = get_user_model().objects.create_user(EMAIL)
    TOTP.activate(person, generate_totp_secret())
    identity_provider.setup(redirect_uri=_callback(sso))
    response = _log_in(client, identity_provider)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
