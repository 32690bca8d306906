"""Redirects to a `next` value stay on the site (context switch, notices)."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.middleware import SESSION_KEY
from metis.accounts.models import Membership
from metis.accounts.tests.factories import member
from metis.notifications.enums import NotificationKind
from metis.notifications.models import Notification
from metis.organisations.tests.factories import CompanyFactory

OFF_SITE = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


@pytest.fixture
def employee(db):
    return member(Role.EMPLOYEE, CompanyFactory())


@pytest.mark.parametrize("target", OFF_SITE)
def test_context_switch_never_leaves_the_site(client, employee, target):
    client.force_login(employee)
    membership = Membership.objects.get(user=employee)
    response = client.post(
        reverse("accounts:switch_context"), {"membership": membership.pk, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("inbox:home")


def test_context_switch_follows_a_path_of_the_site(client, employee):
    client.force_login(employee)
    membership = Membership.objects.get(user=employee)
    response = client.post(
        reverse("accounts:switch_context"),
        {"membership": membership.pk, "next": "/participations/?x=1"},
    )
    assert response.url == "/participations/?x=1"
    assert client.session[SESSION_KEY] == membership.pk


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "\x00", "9" * 30, ""])
def test_context_switch_refuses_a_bad_membership_id(client, employee, value):
    client.force_login(employee)
    response = client.post(reverse("accounts:switch_context"), {"membership": value, "next": "/"})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("target", OFF_SITE)
def test_notice_mark_read_never_leaves_the_site(client, employee, target):
    client.force_login(employee)
    notice = Notification.objects.create(
        user=employee, kind=NotificationKind.APPLICATION_RECEIVED, message="m", url="/"
    )
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]), {"next": target})
    assert response.url == reverse("notifications:notices")


def test_privacy_page_is_public_and_says_what_the_law_keeps(client, db):
    response = client.get(reverse("inbox:privacy"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Données personnelles" in html and "reçus fiscaux" in html and "180 jours" in html


@pytest.mark.parametrize("target", OFF_SITE)
def test_log_in_never_sends_elsewhere(client, db, target):
    from metis.accounts.tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert "evil" not in response.url and not response.url.startswith("javascript")
