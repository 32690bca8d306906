"""Receipt signatories (docs/rules.md § 5) and counterparts (§ 4.6): services and screens."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.organisations import services
from metis.organisations.enums import SignatoryQuality
from metis.organisations.models import AssociationSignatory, Counterpart

from .factories import AssociationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return AssociationFactory()


def record(association, user, by, quality=SignatoryQuality.TREASURER, **kwargs):
    return services.signatory_record(
        association=association,
        user=user,
        full_name=kwargs.pop("full_name", "Paul Durand"),
        quality=quality,
        by=by,
        **kwargs,
    )


def test_a_manager_records_a_treasurer_and_ends_the_record(association):
    manager = member(Role.ASSOCIATION_MANAGER, association)
    treasurer = member(Role.ASSOCIATION_MANAGER, association)
    signatory = record(association, treasurer, manager)
    assert signatory.get_quality_display() == "Treasurer" or signatory.quality == "treasurer"
    services.signatory_end(signatory=signatory, by=manager)
    signatory.refresh_from_db()
    assert signatory.ended_at is not None and signatory.ended_by == manager
    with pytest.raises(ValidationError) as error:
        services.signatory_end(signatory=signatory, by=manager)
    assert error.value.messages == [str(services.SIGNATORY_ALREADY_ENDED)]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not_a_manager", services.NOT_A_MANAGER),
        ("authorised_without_decision", services.AUTHORISATION_REQUIRED),
        ("second_treasurer", services.QUALITY_TAKEN),
        ("already_signatory", services.ALREADY_SIGNATORY),
        ("no_name", services.NAME_REQUIRED),
    ],
)
def test_refusals_write_nothing(association, case, message):
    manager = member(Role.ASSOCIATION_MANAGER, association)
    other = member(Role.ASSOCIATION_MANAGER, association)
    if case in ("second_treasurer", "already_signatory"):
        record(association, other, manager)
    before = AssociationSignatory.objects.count()
    kwargs = {}
    user = manager if case == "second_treasurer" else other
    quality = SignatoryQuality.TREASURER
    if case == "not_a_manager":
        user = UserFactory()
    elif case == "authorised_without_decision":
        quality = SignatoryQuality.AUTHORISED
    elif case == "no_name":
        kwargs["full_name"] = "  "
    with pytest.raises(ValidationError) as error:
        record(association, user, manager, quality=quality, **kwargs)
    assert str(message).split("%")[0] in " ".join(error.value.messages)
    assert AssociationSignatory.objects.count() == before


def test_an_authorised_person_with_a_decision(association):
    manager = member(Role.ASSOCIATION_MANAGER, association)
    signatory = record(
        association,
        manager,
        manager,
        quality=SignatoryQuality.AUTHORISED,
        authorisation="Délibération du bureau du 12/01/2026",
    )
    assert signatory.authorisation.startswith("Délibération")


def test_signatories_screen_for_managers_only(client, association):
    manager = member(Role.ASSOCIATION_MANAGER, association)
    url = reverse("organisations:signatories", args=[association.pk])
    client.force_login(member(Role.ASSOCIATION_MANAGER, AssociationFactory()))
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"user": manager.pk, "full_name": "X", "quality": "president"}).status_code
        == 403
    )
    assert not AssociationSignatory.objects.exists()
    client.force_login(manager)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"user": manager.pk, "full_name": "Claire Martin", "quality": "president"}
    )
    assert response.status_code == 302
    signatory = AssociationSignatory.objects.get()
    assert (signatory.full_name, signatory.quality) == ("Claire Martin", "president")
    response = client.post(
        reverse("organisations:signatory_end", args=[association.pk, signatory.pk])
    )
    assert response.status_code == 302
    assert AssociationSignatory.objects.current().count() == 0


def test_counterparts_recorded_per_fiscal_year_by_the_company(client):
    company = CompanyFactory()
    association = AssociationFactory()
    referent = member(Role.COMPANY_REFERENT, company)
    counterpart = services.counterpart_record(
        company=company,
        association=association,
        fiscal_year_end=company.fiscal_year_end,
        description="Logo sur le site",
        value=Decimal("150.00"),
        by=referent,
    )
    assert counterpart.value == Decimal("150.00")
    with pytest.raises(ValidationError) as error:
        services.counterpart_record(
            company=company,
            association=association,
            fiscal_year_end=datetime.date(2019, 12, 31),
            description="Invitation",
            value=Decimal("10.00"),
            by=referent,
        )
    assert str(services.UNKNOWN_FISCAL_YEAR) in error.value.messages
    assert Counterpart.objects.count() == 1
    client.force_login(member(Role.COMPANY_REFERENT, CompanyFactory()))
    url = reverse("organisations:counterparts", args=[company.pk])
    assert client.get(url).status_code == 403
    client.force_login(referent)
    assert "Logo sur le site" in client.get(url).content.decode()
