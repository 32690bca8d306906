"""An employee whose company is not on METIS joins the Service Civique Professionnel: the
company is created "not joined", they become its employee, its HR contact is invited as
referent, their account is credited; every refusal writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.models import Invitation, Membership
from metis.accounts.tests.factories import UserFactory, member
from metis.civic import services
from metis.civic.selectors import civic_balance
from metis.civic.signup import civic_employee_join
from metis.ledger.models import Posting
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Company
from metis.organisations.tests.factories import CompanyFactory, _siren, commune

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2027, 3, 1, 10))
SIREN = _siren(9001)


def _join(user, **overrides):
    data = {
        "siren": SIREN,
        "company_name": "Boulangerie Dupont",
        "hr_email": "RH@dupont.fr",
        "commune": commune(),
    }
    return civic_employee_join(user=user, now=NOW, **{**data, **overrides})


def _written():
    return (
        Company.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        Posting.objects.count(),
    )


def test_join_creates_the_company_not_joined_invites_hr_and_credits(
    mailoutbox, django_capture_on_commit_callbacks
):
    services.civic_programme(2027)
    person = UserFactory(first_name="Léa", last_name="Martin")
    with django_capture_on_commit_callbacks(execute=True):
        company = _join(person)
    assert company.status == OrganisationStatus.NOT_JOINED
    assert company.siren == SIREN and company.name == "Boulangerie Dupont"
    assert (
        Membership.objects.current()
        .filter(user=person, company=company, role=Role.EMPLOYEE)
        .exists()
    )
    (invitation,) = Invitation.objects.filter(company=company)
    assert (invitation.email, invitation.role) == ("rh@dupont.fr", Role.COMPANY_REFERENT)
    (mail,) = mailoutbox
    assert mail.to == ["rh@dupont.fr"]
    assert "Léa Martin" in mail.body and "Service Civique Professionnel" in mail.body
    assert "a demandé" in mail.body  # in French
    assert civic_balance(person, 2027) == Decimal("7.00")


def test_the_hr_contact_accepts_and_becomes_referent_of_the_not_joined_company():
    from metis.accounts.services import invitation_accept

    company = _join(UserFactory())
    hr = UserFactory(email="rh@dupont.fr")
    invitation_accept(invitation=Invitation.objects.get(company=company), user=hr)
    assert (
        Membership.objects.current()
        .filter(user=hr, company=company, role=Role.COMPANY_REFERENT)
        .exists()
    )


def test_without_an_open_year_no_credit_but_the_rest_is_done():
    person = UserFactory()
    _join(person)
    assert Membership.objects.filter(user=person, role=Role.EMPLOYEE).exists()
    assert Posting.objects.count() == 0


def test_a_colleague_finds_the_company_by_its_siren():
    services.civic_programme(2027)
    first = _join(UserFactory())
    colleague = UserFactory()
    again = _join(colleague, company_name="autre nom", commune=None, hr_email="drh@dupont.fr")
    assert again == first and Company.objects.count() == 1
    assert again.name == "Boulangerie Dupont"
    assert Invitation.objects.filter(company=first).count() == 2
    assert civic_balance(colleague, 2027) == Decimal("7.00")


def test_joining_twice_adds_no_second_membership_nor_credit():
    services.civic_programme(2027)
    person = UserFactory()
    _join(person)
    _join(person)
    assert Membership.objects.filter(user=person).count() == 1
    assert civic_balance(person, 2027) == Decimal("7.00")


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"siren": "123456789"}, "siren"),
        ({"siren": ""}, "siren"),
        ({"company_name": "   "}, "company_name"),
        ({"hr_email": "pas-une-adresse"}, "hr_email"),
        ({"commune": None}, "commune"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(overrides, field):
    services.civic_programme(2027)
    person = UserFactory()
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _join(person, **overrides)
    assert field in refused.value.message_dict
    assert _written() == before


def test_an_employee_of_another_company_must_end_it_first():
    services.civic_programme(2027)
    other = CompanyFactory(name="Ancienne SA")
    person = member(Role.EMPLOYEE, other)
    before = _written()
    with pytest.raises(ValidationError) as refused:
        _join(person)
    assert "Ancienne SA" in refused.value.messages[0]
    assert "mettre fin" in refused.value.messages[0]
    assert _written() == before


def test_a_company_on_metis_lets_in_only_the_employees_it_invites():
    company = CompanyFactory(siren=SIREN)
    person = UserFactory()
    before = _written()
    with pytest.raises(ValidationError, match="déjà sur METIS"):
        _join(person)
    assert _written() == before
    assert company.status == OrganisationStatus.ACTIVE


@pytest.mark.parametrize("closed", ["inactive", "erased"])
def test_a_closed_account_is_refused(closed):
    services.civic_programme(2027)
    person = UserFactory()
    if closed == "inactive":
        person.is_active = False
    else:
        person.erased_at = NOW
    person.save()
    before = _written()
    with pytest.raises(ValidationError):
        _join(person)
    assert _written() == before


def test_a_not_joined_company_is_neither_active_nor_waiting_for_activation():
    company = _join(UserFactory())
    assert not company.is_active
    assert not Company.objects.active().filter(pk=company.pk).exists()
    assert not Company.objects.pending().filter(pk=company.pk).exists()
