from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.accounts.services import (
    INVITATION_EXPIRED,
    INVITATION_WRONG_EMAIL,
    invitation_accept,
    invitations_send,
    membership_end,
    parse_invitation_list,
)
from metis.accounts.tests.factories import UserFactory, member
from metis.organisations.tests.factories import CompanyFactory


def test_pasted_list_accepts_emails_names_and_a_csv_header():
    rows = parse_invitation_list(
        "email;prénom;nom\nanne@exemple.fr;Anne;Roux\n\nBOB@exemple.fr\nanne@exemple.fr;A;R"
    )
    assert rows == [
        {"email": "anne@exemple.fr", "first_name": "Anne", "last_name": "Roux"},
        {"email": "bob@exemple.fr", "first_name": "", "last_name": ""},
    ]


def test_pasted_list_reports_every_bad_line_and_sends_nothing():
    with pytest.raises(ValidationError) as error:
        parse_invitation_list("ok@exemple.fr\npas-une-adresse\nautre@\n")
    assert len(error.value.messages) == 2
    assert "2" in error.value.messages[0]


@pytest.mark.django_db
def test_bulk_invitation_of_employees_skips_existing_members(
    mailoutbox, django_capture_on_commit_callbacks
):
    company = CompanyFactory()
    referent = member(Role.COMPANY_REFERENT, company)
    existing = member(Role.EMPLOYEE, company)
    people = parse_invitation_list(f"a@exemple.fr\nb@exemple.fr,Béa,Nord\n{existing.email}")
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations_send(
            organisation=company, role=Role.EMPLOYEE, people=people, by=referent
        )
    assert [i.email for i in sent] == ["a@exemple.fr", "b@exemple.fr"]
    assert len(mailoutbox) == 2
    assert sent[0].token in mailoutbox[0].body


@pytest.mark.django_db
def test_invited_person_accepts_and_becomes_a_member(client):
    company = CompanyFactory()
    invitation = Invitation.objects.create(
        email="nina@exemple.fr", role=Role.EMPLOYEE, company=company, first_name="Nina"
    )
    user = UserFactory(email="nina@exemple.fr", first_name="")
    client.force_login(user)
    client.post(reverse("accounts:invitation_accept", args=[invitation.token]))
    membership = Membership.objects.get(user=user)
    assert (membership.company, membership.role) == (company, Role.EMPLOYEE)
    assert hasattr(user, "volunteer_profile")
    user.refresh_from_db()
    assert user.first_name == "Nina"


@pytest.mark.django_db
def test_expired_invitation_is_refused_and_writes_nothing():
    invitation = Invitation.objects.create(
        email="x@exemple.fr",
        role=Role.EMPLOYEE,
        company=CompanyFactory(),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="x@exemple.fr"))
    assert error.value.messages == [str(INVITATION_EXPIRED)]
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_invitation_for_another_address_is_refused():
    invitation = Invitation.objects.create(
        email="x@exemple.fr", role=Role.EMPLOYEE, company=CompanyFactory()
    )
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="y@exemple.fr"))
    assert error.value.messages == [str(INVITATION_WRONG_EMAIL)]


@pytest.mark.django_db
def test_expired_invitation_page_says_so_in_french(client):
    invitation = Invitation.objects.create(
        email="x@exemple.fr",
        role=Role.EMPLOYEE,
        company=CompanyFactory(),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(reverse("accounts:invitation_accept", args=[invitation.token]))
    assert "Cette invitation a expiré" in response.content.decode()


@pytest.mark.django_db
def test_a_leaver_keeps_their_history():
    company = CompanyFactory()
    referent = member(Role.COMPANY_REFERENT, company)
    leaver = member(Role.EMPLOYEE, company)
    membership = Membership.objects.get(user=leaver)
    membership_end(membership=membership, by=referent)
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert not Membership.objects.current().filter(user=leaver).exists()
    assert [h.history_type for h in membership.history.order_by("history_date")] == ["+", "~"]
    # They can be invited back: a new membership, the old one kept.
    member(Role.EMPLOYEE, company, user=leaver)
    assert Membership.objects.filter(user=leaver).count() == 2


@pytest.mark.parametrize("text", ["a" * 140_000, "x@exemple.fr;" + "b" * 140_000, "\x00x@y.fr"])
def test_an_unreadable_pasted_list_is_refused_in_french(text):
    from django.core.exceptions import ValidationError

    from metis.accounts.services import parse_invitation_list

    with pytest.raises(ValidationError):
        parse_invitation_list(text)
