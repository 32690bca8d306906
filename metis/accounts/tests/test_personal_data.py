import json

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User, VolunteerProfile
from metis.accounts.services import ERASED_NAME
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import CompanyFactory


@pytest.fixture
def employee(db):
    user = member(Role.EMPLOYEE, CompanyFactory())
    profile = user.volunteer_profile
    profile.job_title = "Comptable"
    profile.save()
    return user


def test_person_downloads_their_data_as_json(client, employee):
    client.force_login(employee)
    response = client.get(reverse("accounts:data_export"))
    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert data["email"] == employee.email
    assert data["volunteer_profile"]["job_title"] == "Comptable"
    assert data["memberships"][0]["role"] == Role.EMPLOYEE


def test_erasure_pseudonymises_and_keeps_the_rows(client, employee):
    client.force_login(employee)
    client.post(reverse("accounts:erase"), {"confirm": "EFFACER"})
    user = User.objects.get(pk=employee.pk)
    assert user.first_name == ERASED_NAME
    assert employee.email not in user.email
    assert not user.is_active and not user.has_usable_password()
    assert not VolunteerProfile.objects.filter(user=user).exists()
    # Memberships (and what legal documents point to) stay, ended.
    assert Membership.objects.filter(user=user, ended_at__isnull=False).count() == 1


def test_erasure_needs_a_typed_confirmation(client, employee):
    client.force_login(employee)
    client.post(reverse("accounts:erase"), {"confirm": "oui"})
    assert User.objects.get(pk=employee.pk).email == employee.email


def test_volunteer_profile_form_saves_skills_and_availability(client, employee):
    from metis.skills.models import Skill

    accounting = Skill.objects.get(code="accounting")
    cooking = Skill.objects.personal().first()
    client.force_login(employee)
    response = client.post(
        reverse("accounts:profile"),
        {
            "job_title": "Contrôleuse de gestion",
            "hours_per_month": "8",
            "weekdays": ["mon", "thu"],
            "formats": ["remote"],
            "commune": "92071",
            "languages": "français, anglais",
            "consents_to_suggestions": "on",
            "professional_skills": [accounting.pk],
            "personal_skills": [cooking.pk],
        },
    )
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=employee)
    assert set(profile.skills.all()) == {accounting, cooking}
    assert profile.weekdays == ["mon", "thu"] and profile.consents_to_suggestions


def test_absurd_availability_is_refused(client, employee):
    client.force_login(employee)
    response = client.post(reverse("accounts:profile"), {"hours_per_month": "500"})
    assert response.status_code == 200
    assert VolunteerProfile.objects.get(user=employee).hours_per_month == 0
