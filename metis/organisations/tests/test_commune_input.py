"""A NUL byte or an over-long value in a commune field is refused with the form's error (on
PostgreSQL it used to reach the database and fail with a DataError)."""

import pytest
from django.urls import reverse

from metis.accounts.models import VolunteerProfile
from metis.organisations.fields import UNKNOWN_COMMUNE
from metis.organisations.models import Association, Company
from metis.organisations.tests.test_registration import ASSOCIATION, COMPANY

BAD_COMMUNES = ["\x00", "92\x0071", "9" * 300, "92071\x00"]


@pytest.fixture
def user_client(client, db):
    from metis.accounts.tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize("value", BAD_COMMUNES)
@pytest.mark.parametrize(
    "name,data,model",
    [
        ("organisations:company_register", COMPANY, Company),
        ("organisations:association_register", ASSOCIATION, Association),
    ],
)
def test_sign_ups_refuse_a_bad_commune(user_client, value, name, data, model):
    response = user_client.post(reverse(name), {**data, "commune": value})
    assert response.status_code == 200
    assert str(UNKNOWN_COMMUNE) in response.content.decode()
    assert not model.objects.exists()


@pytest.mark.parametrize("value", BAD_COMMUNES)
def test_the_profile_refuses_a_bad_commune(client, db, value):
    from metis.accounts.enums import Role
    from metis.accounts.tests.factories import member
    from metis.organisations.tests.factories import CompanyFactory

    employee = member(Role.EMPLOYEE, CompanyFactory())
    client.force_login(employee)
    response = client.post(reverse("accounts:profile"), {"hours_per_month": "4", "commune": value})
    assert response.status_code == 200
    assert str(UNKNOWN_COMMUNE) in response.content.decode()
    assert not VolunteerProfile.objects.filter(user=employee, commune__isnull=False).exists()


@pytest.mark.parametrize("value", ["\x00", "Sceaux\x00", "x" * 10_000])
def test_commune_search_ignores_nul_bytes_and_long_text(user_client, value):
    response = user_client.get(reverse("organisations:commune_autocomplete"), {"q": value})
    assert response.status_code == 200
