"""Single sign-on in Chromium, on a phone (docs/sso.md): an employee opens METIS's log-in page,
chooses "log in with your company account", types their work e-mail, logs in on the page of
their employer's identity provider (a real OpenID Connect provider: tests/idp/) and comes back
to METIS logged in, an employee of the company."""

import pytest

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory
from metis.sso import services
from metis.sso.enums import Protocol
from metis.sso.tests.idp import CLIENT_ID, EMAIL, PASSWORD, SECRET, running_identity_provider

from .test_cycle import PHONE, Site, no_horizontal_overflow, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory):
    with running_identity_provider(tmp_path_factory.mktemp("idp")) as provider:
        yield provider


def test_an_employee_logs_in_through_the_company_provider_on_a_phone(
    chromium, live_server, artifacts, reference_data, identity_provider
):
    from .conftest import AXE

    company = CompanyFactory(name="Acme")
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
    services.sso_enable(sso=sso, by=referent)

    # The referent's screen, on a phone: the addresses to copy fit, the form is accessible.
    site = Site(chromium, live_server, artifacts)
    try:
        desk = site.page_for(referent, viewport=PHONE)
        site.go(desk, f"/entreprises/{company.pk}/sso/")
        callback = f"{live_server.url}/accounts/oidc/{sso.slug}/login/callback/"
        assert desk.locator("#oidc-callback").inner_text() == callback
        assert no_horizontal_overflow(desk)
        assert run_axe(desk, AXE) == []
        site.shot(desk, "sso-00-configuration")
    finally:
        site.close()

    identity_provider.setup(
        redirect_uri=f"{live_server.url}/accounts/oidc/{sso.slug}/login/callback/"
    )

    context = chromium.new_context(viewport=PHONE, locale="fr-FR")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(live_server.url + "/accounts/login/")
        with page.expect_navigation():
            page.get_by_role("link", name="Se connecter avec le compte de votre entreprise").click()
        assert no_horizontal_overflow(page)
        assert run_axe(page, AXE) == []
        page.fill("#id_email", EMAIL)
        with page.expect_navigation():
            page.get_by_role("button", name="Continuer").click()

        # The identity provider's own page.
        assert page.url.startswith(identity_provider.url + "/login/")
        page.screenshot(path=str(artifacts / "sso-01-identity-provider.png"), full_page=True)
        page.fill("#id_username", EMAIL)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation(url=f"{live_server.url}/**"):
            page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()

        assert page.url == live_server.url + "/"
        assert "Acme" in page.locator("header").text_content()  # the menu is folded on a phone
        assert no_horizontal_overflow(page)
        page.screenshot(path=str(artifacts / "sso-02-logged-in.png"), full_page=True)
        employment = Membership.objects.current().get(company=company, role=Role.EMPLOYEE)
        assert employment.user.email == EMAIL
    finally:
        context.close()
