"""Log-in throttling: per (e-mail, address) pair with django-axes, per account with allauth, and
the client's address read from a trusted proxy's X-Forwarded-For."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse

from metis.accounts.tests.factories import PASSWORD, UserFactory

ALLAUTH_KEY_LIMIT_OFF = {"login_failed": "60/m/ip"}


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def _log_in(client, email, password, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def _logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_made_up_emails_from_one_address_do_not_lock_out_a_real_user(client):
    user = UserFactory()
    for n in range(10):
        _log_in(client, f"inconnu{n}@exemple.fr", "mauvais", REMOTE_ADDR="203.0.113.7")
    response = _log_in(client, user.email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.django_db
def test_axes_records_the_email_typed_in_the_log_in_form(client):
    _log_in(client, "Quelqu.Un@Exemple.fr", "mauvais", REMOTE_ADDR="203.0.113.7")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "quelqu.un@exemple.fr"
    assert attempt.ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_ten_failures_lock_out_the_pair_not_the_account_from_elsewhere(client, settings):
    settings.ACCOUNT_RATE_LIMITS = ALLAUTH_KEY_LIMIT_OFF  # axes alone
    user = UserFactory()
    for _ in range(10):
        _log_in(client, user.email, "mauvais", REMOTE_ADDR="203.0.113.7")
    locked = _log_in(client, user.email, PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert locked.status_code == 429
    assert not _logged_in(client)
    _log_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert _logged_in(client)


@pytest.mark.django_db
def test_behind_a_proxy_each_client_is_told_apart_by_the_forwarded_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = ALLAUTH_KEY_LIMIT_OFF
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(10):
        # The attacker writes a fake address first: only the proxy's last entry counts.
        _log_in(
            client, user.email, "mauvais", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    refused = _log_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert refused.status_code == 429
    _log_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    assert _logged_in(client)


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client):
    _log_in(
        client, "x@exemple.fr", "mauvais", HTTP_X_FORWARDED_FOR="192.0.2.1", REMOTE_ADDR="10.0.0.1"
    )
    assert AccessAttempt.objects.get().ip_address == "10.0.0.1"


@pytest.mark.django_db
def test_an_account_is_throttled_across_addresses(client):
    user = UserFactory()
    for n in range(5):
        _log_in(client, user.email, "mauvais", REMOTE_ADDR=f"203.0.113.{n + 1}")
    response = _log_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert not _logged_in(client)
    assert "Trop" in response.content.decode() or response.status_code == 429
