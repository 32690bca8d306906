import subprocess
import sys

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.organisations.tests.factories import OperatorFactory


@pytest.mark.django_db
def test_operator_staff_without_totp_must_set_it_up_first(client):
    client.force_login(member(Role.OPERATOR_STAFF, OperatorFactory()))
    response = client.get(reverse("organisations:company_list"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_operator_staff_with_totp_gets_through(client):
    client.force_login(operator_staff_with_totp(OperatorFactory()))
    assert client.get(reverse("organisations:company_list")).status_code == 200


@pytest.mark.django_db
def test_login_page_is_public_and_in_french(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "Connexion" in response.content.decode() or "connecter" in response.content.decode()


def test_production_settings_refuse_to_start_without_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "ALLOWED_HOSTS": "x.example",
            "PATH": "",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_operator_staff_reads_the_admin_but_cannot_edit_memberships(client):
    user = operator_staff_with_totp(OperatorFactory())
    client.force_login(user)
    assert client.get(reverse("admin:organisations_company_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_membership_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_membership_add")).status_code == 403


@pytest.mark.django_db
def test_other_roles_have_no_admin(client):
    from metis.organisations.tests.factories import CompanyFactory

    client.force_login(member(Role.COMPANY_REFERENT, CompanyFactory()))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.django_db
def test_french_by_default_english_on_request(client):
    response = client.get(reverse("inbox:home"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert '<html lang="fr">' in response.content.decode()
    # A visitor who is not logged in switches too (the switch is in the public pages' menu).
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/besoins/"})
    assert switched.status_code == 302 and switched["Location"] == "/besoins/"
    assert '<html lang="en">' in client.get(reverse("inbox:home")).content.decode()
