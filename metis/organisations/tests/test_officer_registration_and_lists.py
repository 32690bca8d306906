"""An officer registers an association without becoming its member (so cannot activate it
through a membership); officers' lists are their territory's, sorted and searchable."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.tests.factories import member
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Association
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)

from .test_registration import ASSOCIATION

LYON = "69123"


def test_an_officer_registers_an_association_without_becoming_its_member(client, db):
    officer = member(Role.TERRITORY_OFFICER, TerritoryFactory())
    client.force_login(officer)
    response = client.post(reverse("organisations:association_register"), ASSOCIATION)
    association = Association.objects.get(rna=ASSOCIATION["rna"])
    assert response.status_code == 302
    assert association.status == OrganisationStatus.PENDING
    assert not Membership.objects.filter(association=association).exists()
    assert officer.has_perm("organisations.activate_association", association)


def test_nobody_activates_an_organisation_they_manage(client, db):
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    association = AssociationFactory(status=OrganisationStatus.PENDING)
    member(Role.ASSOCIATION_MANAGER, association, user=officer)
    officer = type(officer).objects.get(pk=officer.pk)
    assert not officer.has_perm("organisations.activate_association", association)
    client.force_login(officer)
    url = reverse("organisations:activate", args=["association", association.pk])
    client.post(url)
    association.refresh_from_db()
    assert association.status == OrganisationStatus.PENDING


def test_officer_lists_are_the_territorys_sorted_and_searchable(client, db):
    officer = member(Role.TERRITORY_OFFICER, TerritoryFactory())
    AssociationFactory(name="Zèbres solidaires")
    AssociationFactory(name="Abeilles du quartier")
    AssociationFactory(name="Aigles lyonnais", commune=commune(LYON))
    CompanyFactory(name="Lyon Conseil", commune=commune(LYON))
    client.force_login(officer)
    page = client.get(reverse("organisations:association_list")).content.decode()
    assert page.index("Abeilles du quartier") < page.index("Zèbres solidaires")
    assert "Aigles lyonnais" not in page
    page = client.get(reverse("organisations:association_list"), {"q": "zèbre"}).content.decode()
    assert "Zèbres solidaires" in page and "Abeilles du quartier" not in page
    assert "1 résultat" in page
    page = client.get(reverse("organisations:company_list"), {"q": "Lyon"}).content.decode()
    assert "Lyon Conseil" not in page


@pytest.mark.parametrize("list_name", ["association_list", "company_list"])
def test_list_search_ignores_nul_bytes_and_long_text(client, db, list_name):
    officer = member(Role.TERRITORY_OFFICER, TerritoryFactory())
    AssociationFactory(name="Abeilles du quartier")
    CompanyFactory(name="Abeilles Conseil")
    client.force_login(officer)
    url = reverse(f"organisations:{list_name}")
    page = client.get(url, {"q": "Abeilles\x00"}).content.decode()
    assert "Abeilles" in page and "1 résultat" in page
    assert client.get(url, {"q": "x" * 10_000}).status_code == 200
