"""What the screens say and where they lead: the officer's dashboard block, the inboxes of the
new roles, the home page's link to the ecosystems, the next steps through a charter's life, and
the notice on skills sponsorship."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.ecosystem.enums import CouncilOutcome
from metis.ecosystem.models import Charter
from metis.organisations.tests.factories import TerritoryFactory

from .factories import charter_data, make_partner, signed_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    partner = make_partner(territory, officer)
    return {
        "territory": territory,
        "officer": officer,
        "partner": partner,
        "elected": member(Role.ELECTED_MEMBER, territory),
        "staff": member(Role.PARTNER_STAFF, partner),
    }


def test_a_charter_goes_through_the_screens(client, world):
    """Drafted, presented, decided, signed by both sides, followed up — through the views."""
    client.force_login(world["officer"])
    data = charter_data()
    response = client.post(
        reverse("ecosystem:charter_create"),
        {
            "territory": world["territory"].pk,
            "partner": world["partner"].pk,
            **{k: str(v) for k, v in data.items()},
        },
    )
    charter = Charter.objects.get()
    assert response.url == charter.get_absolute_url()
    page = client.get(charter.get_absolute_url()).content.decode()
    assert "présentez la charte au conseil municipal" in page
    client.post(
        reverse("ecosystem:session_create", args=[world["territory"].pk]),
        {
            "charters": [charter.pk],
            "session_date": str(data["starts_on"]),
            "rapporteur": "Othmane Khaoua",
            "context": "Contexte",
        },
    )
    charter.refresh_from_db()
    session = charter.council_session
    response = client.post(
        reverse("ecosystem:session_record", args=[session.pk]),
        {"outcome": CouncilOutcome.APPROVED, "deliberation_number": "42", "file": ""},
    )
    assert "Joignez la délibération signée" in response.content.decode()
    client.post(
        reverse("ecosystem:session_record", args=[session.pk]),
        {
            "outcome": CouncilOutcome.APPROVED,
            "deliberation_number": "42",
            "signed_file": signed_file(),
        },
    )
    for signer in (world["elected"], world["staff"]):
        client.force_login(signer)
        home = client.get(reverse("inbox:home")).content.decode()
        assert 'data-task="charters_to_sign"' in home
        assert (
            "SHA-256"
            in client.get(reverse("ecosystem:charter_sign", args=[charter.pk])).content.decode()
        )
        client.post(reverse("ecosystem:charter_sign", args=[charter.pk]))
    charter.refresh_from_db()
    assert charter.status == "in_force"
    client.post(
        reverse("ecosystem:action_create", args=[charter.pk]),
        {
            "commitment": "3",
            "done_on": str(data["starts_on"]),
            "description": "Atelier",
            "beneficiaries": "Porteurs",
            "people_reached": "8",
        },
    )
    assert charter.actions.count() == 1
    client.force_login(world["officer"])
    dashboard = client.get(reverse("reporting:dashboard")).content.decode()
    assert 'data-testid="ecosystem-summary"' in dashboard
    assert "1 charte en vigueur" in dashboard
    report = client.get(reverse("ecosystem:territory_report", args=[world["territory"].pk]))
    assert report["Content-Type"] == "application/pdf"


def test_the_home_page_links_the_ecosystems_and_the_projects(client, world):
    page = client.get(reverse("inbox:home")).content.decode()
    assert reverse("ecosystem:public", args=[world["territory"].slug]) in page
    client.force_login(UserFactory())
    page = client.get(reverse("inbox:home")).content.decode()
    assert reverse("ecosystem:project_list") in page


def test_the_project_screens_say_who_may_receive_skills_sponsorship(client, world):
    client.force_login(UserFactory())
    for name in ("ecosystem:project_list", "ecosystem:project_create"):
        page = client.get(reverse(name)).content.decode()
        assert "Seules les associations d’intérêt général peuvent recevoir" in page
    public = client.get(reverse("ecosystem:public", args=[world["territory"].slug]))
    assert 'data-testid="upcoming-events"' in public.content.decode()


def test_the_partner_inbox_asks_for_its_offers(client, world):
    client.force_login(world["staff"])
    page = client.get(reverse("inbox:home")).content.decode()
    assert reverse("ecosystem:offer_create", args=[world["partner"].pk]) in page
