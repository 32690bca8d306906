"""Every persona × the dashboard and the public impact page (read-only pages: nothing written).

The dashboard follows the current membership's role and shows only that organisation's figures;
a person without a membership gets 403; the impact page of a programme is public, a draft
programme's is not found."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member, operator_staff_with_totp
from metis.ledger.models import Posting
from metis.needs.models import TimeEntry
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import ProgrammeFactory

from .conftest import build

PERSONAS = [
    "anonymous",
    "operator",
    "officer",
    "referent",
    "referent_b",
    "manager",
    "manager_y",
    "employee",
    "newcomer",
]
#: What each persona's dashboard shows of this world: its own organisation's name.
SHOWS = {
    "officer": "territory",
    "operator": "territory",
    "referent": "company",
    "manager": "association",
}


@pytest.fixture
def world(db):
    cycle = build()
    cycle.people = {
        "anonymous": None,
        "operator": operator_staff_with_totp(cycle.programme.territory.operator),
        "officer": cycle.officer,
        "referent": cycle.referent,
        "referent_b": member(Role.COMPANY_REFERENT, CompanyFactory(name="Entreprise Tierce")),
        "manager": cycle.manager,
        "manager_y": member(Role.ASSOCIATION_MANAGER, AssociationFactory(name="Asso Tierce")),
        "employee": cycle.employee,
        "newcomer": UserFactory(),
    }
    return cycle


def _state():
    return Posting.objects.count(), TimeEntry.objects.count()


def _login(client, world, persona):
    if world.people[persona]:
        client.force_login(world.people[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard(client, world, persona):
    before = _state()
    response = _login(client, world, persona).get(reverse("reporting:dashboard"))
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    elif persona == "newcomer":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        if persona in SHOWS:
            organisation = {
                "territory": world.programme.territory,
                "company": world.company,
                "association": world.association,
            }[SHOWS[persona]]
            assert organisation.name in response.text
        if persona in {"referent_b", "manager_y"}:
            assert world.company.name not in response.text
            assert world.association.name not in response.text
    assert _state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_impact_page(client, world, persona):
    client = _login(client, world, persona)
    response = client.get(reverse("reporting:impact", args=[world.programme.pk]))
    assert response.status_code == 200 and world.programme.name in response.text
    draft = ProgrammeFactory(territory=world.programme.territory, draft=True)
    assert client.get(reverse("reporting:impact", args=[draft.pk])).status_code == 404


# The evaluation report (docs/evaluation.md): the programme's managers only ---------------------


@pytest.mark.parametrize("name", ["reporting:evaluation", "reporting:evaluation_pdf"])
@pytest.mark.parametrize(
    "persona,allowed",
    [
        ("anonymous", False),
        ("officer", True),
        ("operator_staff", True),
        ("manager", False),
        ("referent", False),
        ("other_officer", False),
    ],
)
def test_evaluation_pages(client, reported, name, persona, allowed):
    """Read-only pages: a refused person gets a 403 (or the log-in page) and nothing is written."""
    territory = reported.programme.territory
    people = {
        "officer": lambda: member(Role.TERRITORY_OFFICER, territory),
        "operator_staff": lambda: operator_staff_with_totp(territory.operator),
        "manager": lambda: reported.manager,
        "referent": lambda: reported.referent,
        "other_officer": lambda: member(
            Role.TERRITORY_OFFICER, TerritoryFactory(commune=commune("92002"))
        ),
    }
    if persona != "anonymous":
        client.force_login(people[persona]())
    response = client.get(reverse(name, args=[reported.programme.pk]))
    if persona == "anonymous":
        assert response.status_code == 302
    elif allowed:
        assert response.status_code == 200
        if name.endswith("pdf"):
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
        else:
            assert "Période précédente" in response.content.decode()
    else:
        assert response.status_code == 403


# The public face: anyone, the widget alone may be framed (test_public_face.py) -----------------


@pytest.mark.parametrize(
    "name", ["reporting:territory_impact", "reporting:widget", "reporting:widget_svg"]
)
def test_public_pages_for_anyone(client, reported, name):
    territory = reported.programme.territory
    response = client.get(reverse(name, args=[territory.slug]))
    assert response.status_code in (200, 302)
    assert client.get(reverse(name, args=["inconnue"])).status_code == 404


# Open data: public files and pages, for anyone, logged in or not (test_open_data.py) ----------


@pytest.mark.parametrize("logged_in", [False, True])
def test_open_data_for_anyone(client, reported, logged_in):
    territory = reported.programme.territory
    if logged_in:
        client.force_login(reported.employee)
    urls = [
        reverse("reporting:open_data"),
        reverse("reporting:open_data_schema", args=["programmes"]),
        reverse("reporting:open_data_file", args=["programmes", "csv"]),
        reverse("reporting:open_data_territory_file", args=[territory.slug, "programmes", "json"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
