import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Association, Company
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory

VALID_SIREN = "732829320"  # check digit correct (Luhn)

COMPANY = {
    "name": "Nouvelle Entreprise",
    "siren": VALID_SIREN,
    "legal_form": "SAS",
    "address": "3 rue Houdan",
    "commune": "92071",
    "headcount": "12",
    "fiscal_year_end": "2026-12-31",
}
ASSOCIATION = {
    "name": "Nouvelle Association",
    "rna": "W921234567",
    "address": "1 place",
    "commune": "92071",
    "statutory_object": "Solidarité",
    "field_of_action": "social",
    "legal_representative": "Jeanne Dupont",
    "legal_representative_title": "Présidente",
    "is_general_interest": "on",
    "may_issue_tax_receipts": "on",
}


@pytest.fixture
def user_client(client, db):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_company_signs_up_pending_with_its_first_referent(user_client):
    response = user_client.post(reverse("organisations:company_register"), COMPANY)
    company = Company.objects.get(siren=VALID_SIREN)
    assert response.status_code == 302
    assert company.status == OrganisationStatus.PENDING
    membership = company.memberships.get()
    assert (membership.user, membership.role) == (user_client.user, Role.COMPANY_REFERENT)
    assert company.history.count() == 1


@pytest.mark.parametrize("siren", ["732829321", "12345", "abcdefghi"])
def test_invalid_siren_is_refused_in_french(user_client, siren):
    response = user_client.post(
        reverse("organisations:company_register"), {**COMPANY, "siren": siren}
    )
    assert response.status_code == 200
    assert "Ce numéro SIREN n’est pas valide" in response.content.decode()
    assert not Company.objects.exists()


def test_duplicate_company_is_refused(user_client):
    CompanyFactory(siren=VALID_SIREN)
    response = user_client.post(reverse("organisations:company_register"), COMPANY)
    assert "déjà inscrite" in response.content.decode()
    assert Company.objects.count() == 1


def test_unknown_commune_is_refused(user_client):
    response = user_client.post(
        reverse("organisations:company_register"), {**COMPANY, "commune": "99999"}
    )
    assert "Commune inconnue" in response.content.decode()
    assert not Company.objects.exists()


def test_association_signs_up_with_rna(user_client):
    user_client.post(reverse("organisations:association_register"), ASSOCIATION)
    association = Association.objects.get(rna="W921234567")
    assert association.status == OrganisationStatus.PENDING
    assert association.memberships.get().role == Role.ASSOCIATION_MANAGER


@pytest.mark.parametrize("rna", ["921234567", "W12345678", "X921234567"])
def test_invalid_rna_is_refused(user_client, rna):
    response = user_client.post(
        reverse("organisations:association_register"), {**ASSOCIATION, "rna": rna}
    )
    assert "Ce numéro RNA n’est pas valide" in response.content.decode()
    assert not Association.objects.exists()


def test_alsace_moselle_association_may_use_its_court_register_number(user_client):
    data = {**ASSOCIATION, "rna": "", "court_register_number": "VOL. 12 N° 345", "commune": "67482"}
    user_client.post(reverse("organisations:association_register"), data)
    assert Association.objects.get().court_register_number == "VOL. 12 N° 345"


def test_association_needs_an_identifier(user_client):
    response = user_client.post(
        reverse("organisations:association_register"), {**ASSOCIATION, "rna": ""}
    )
    assert "au moins un identifiant" in response.content.decode()
    assert not Association.objects.exists()


def test_duplicate_association_is_refused(user_client):
    AssociationFactory(rna="W921234567")
    response = user_client.post(reverse("organisations:association_register"), ASSOCIATION)
    assert "déjà inscrite" in response.content.decode()


def test_receipts_need_general_interest(user_client):
    data = {**ASSOCIATION}
    del data["is_general_interest"]
    response = user_client.post(reverse("organisations:association_register"), data)
    assert "intérêt général" in response.content.decode()
    assert not Association.objects.exists()


def test_commune_autocomplete_finds_by_name_and_postcode(client, db):
    by_name = client.get(reverse("organisations:commune_autocomplete"), {"q": "Sceaux"}).json()
    assert {"id": "92071", "text": "Sceaux (92330)"} in by_name["results"]
    by_postcode = client.get(reverse("organisations:commune_autocomplete"), {"q": "92330"}).json()
    assert [r["id"] for r in by_postcode["results"]] == ["92071"]


def test_shipped_communes_know_their_intercommunality(db):
    from metis.organisations.models import Commune

    assert Commune.objects.count() > 34000
    sceaux = Commune.objects.get(pk="92071")
    assert sceaux.departement_id == "92"
    assert sceaux.epci.name == "Métropole du Grand Paris"
