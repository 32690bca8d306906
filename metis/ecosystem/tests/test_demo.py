"""Sceaux's ecosystem in the demo: three charters approved in one deliberation and in force,
partners with offers, a project holder answered (docs/ecosystem.md § Demo)."""

import pytest

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.documents.tests.factories import pdf_text
from metis.ecosystem.demo import load_ecosystem_demo
from metis.ecosystem.enums import CharterStatus, RequestStatus
from metis.ecosystem.models import Charter, CouncilSession, PartnerOffer, SupportRequest
from metis.ecosystem.selectors import public_ecosystem
from metis.organisations.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_the_demo_ecosystem_loads_through_the_services(client):
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    loaded = load_ecosystem_demo(
        {"territory": territory, "users": {Role.TERRITORY_OFFICER: officer}}, password="x"
    )
    session = CouncilSession.objects.get()
    assert session == loaded["session"] and session.charters.count() == 3
    assert set(Charter.objects.values_list("status", flat=True)) == {CharterStatus.IN_FORCE}
    assert "AUTORISElemaireàlessigner" in pdf_text(bytes(session.signed_deliberation))
    assert PartnerOffer.objects.count() >= 10
    page = public_ecosystem(territory)
    assert len(page["partners"]) == 4 and page["charters"].count() == 3
    assert page["projects"].count() == 2
    assert set(SupportRequest.objects.values_list("status", flat=True)) == {
        RequestStatus.ACCEPTED,
        RequestStatus.OPEN,
    }
    # A second load adds nothing.
    assert load_ecosystem_demo({"territory": territory, "users": {}}, password="x") == {}
    response = client.get(f"/territoires/{territory.slug}/ecosysteme/")
    content = response.content.decode()
    assert "KissKissBankBank" in content and "2015-05-21-14" in content
