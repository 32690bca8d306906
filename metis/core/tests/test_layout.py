"""One look everywhere: the account pages in the site's layout, a menu grouped by role."""

import re

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    OperatorFactory,
    TerritoryFactory,
)

ACCOUNT_PAGES = ["account_login", "account_signup", "account_reset_password"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_account_pages_use_the_sites_layout(client, name):
    page = client.get(reverse(name)).content.decode()
    assert '<html lang="fr">' in page
    assert 'class="navbar' in page and "metis/metis.css" in page
    assert "Menu :" not in page and "Menu:" not in page
    assert " form-control" in page and 'class="btn btn-primary' in page


@pytest.mark.django_db
def test_two_factor_pages_use_the_sites_layout(client):
    user = member(Role.ASSOCIATION_MANAGER, AssociationFactory())
    client.force_login(user)
    page = client.get(reverse("mfa_index")).content.decode()
    assert '<html lang="fr">' in page and 'class="navbar' in page
    assert "Menu :" not in page


@pytest.fixture
def people(db):
    operator = OperatorFactory()
    company = CompanyFactory()
    return {
        "operator": operator_staff_with_totp(operator),
        "officer": member(Role.TERRITORY_OFFICER, TerritoryFactory(operator=operator)),
        "referent": member(Role.COMPANY_REFERENT, company),
        "employee": member(Role.EMPLOYEE, company),
        "manager": member(Role.ASSOCIATION_MANAGER, AssociationFactory()),
    }


@pytest.mark.parametrize("role", ["operator", "officer", "referent", "employee", "manager"])
def test_menu_is_grouped_in_dropdowns_and_volunteer_links_only_for_employees(client, people, role):
    client.force_login(people[role])
    page = client.get(reverse("inbox:home")).content.decode()
    menu = page[page.index('id="nav"') : page.index("</nav>")]
    assert len(re.findall(r'data-bs-toggle="dropdown"', menu)) >= 3
    volunteer_links = reverse("needs:needs_for_you") in menu or "profil de bénévole" in menu
    assert volunteer_links == (role == "employee")
    # The home page is an inbox, not the menu again as a bullet list.
    body = page[page.index('<main id="main"') :]
    assert 'class="dropdown-item"' not in body


def test_non_employees_see_their_account_without_a_volunteer_profile(client, people):
    client.force_login(people["officer"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Mon compte" in page and "profil de bénévole" not in page
    assert 'name="hours_per_month"' not in page
    client.force_login(people["employee"])
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="hours_per_month"' in page


def test_the_kept_menu_and_footer_are_each_persons_and_languages(client, people):
    """The menu and the footer are rendered once per language, role and organisation and kept
    (base.html's {% cache %}): another company's referent gets their own links, an English
    page its English menu, whatever was kept before."""
    other = member(Role.COMPANY_REFERENT, CompanyFactory())
    for who in (people["referent"], other):
        company = who.memberships.get().company
        client.force_login(who)
        page = client.get(reverse("inbox:home")).content.decode()
        assert reverse("organisations:company_detail", args=[company.pk]) in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("inbox:home")).content.decode()
    assert 'lang="en"' in english
    assert ">My company<" in english and ">Mon entreprise<" not in english
    assert ">Tax simulator<" in english
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    french = client.get(reverse("inbox:home")).content.decode()
    assert ">Mon entreprise<" in french and ">Simulateur fiscal<" in french
