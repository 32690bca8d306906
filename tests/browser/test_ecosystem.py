"""A partnership charter through the real screens, in Chromium (docs/ecosystem.md): the
council approved it; the elected member finds it waiting on their home page and signs it on a
phone, then the partner's staff; the charter is in force, an action is logged against a
commitment; the public ecosystem page shows the charter with its deliberation."""

import pytest
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.ecosystem.enums import CharterStatus, CouncilOutcome
from metis.ecosystem.services import charters
from metis.ecosystem.tests.factories import charter_data, make_partner, signed_file
from metis.organisations.tests.factories import TerritoryFactory

from .test_cycle import PHONE, Site, no_horizontal_overflow, run_axe, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(reference_data):
    territory = TerritoryFactory()
    officer = member(Role.TERRITORY_OFFICER, territory)
    partner = make_partner(territory, officer)
    charter = charters.charter_draft(
        territory=territory, partner=partner, data=charter_data(), by=officer
    )
    session = charters.council_session_prepare(
        territory=territory,
        charters=[charter],
        session_date=timezone.localdate(),
        rapporteur="Othmane Khaoua",
        context="Sceaux Valley",
        by=officer,
    )
    charters.council_decision_record(
        session=session,
        outcome=CouncilOutcome.APPROVED,
        deliberation_number="2015-05-21-14",
        signed_file=signed_file(),
        by=officer,
    )
    return {
        "territory": territory,
        "charter": charter,
        "elected": member(Role.ELECTED_MEMBER, territory),
        "staff": member(Role.PARTNER_STAFF, partner),
    }


def test_a_charter_signed_and_followed_up_on_a_phone(chromium, live_server, artifacts, world):
    from .conftest import AXE

    site = Site(chromium, live_server, artifacts)
    charter = world["charter"]
    try:
        elected = site.page_for(world["elected"], viewport=PHONE)
        site.go(elected, "/")
        with elected.expect_navigation():
            elected.locator("[data-task=charters_to_sign] a").click()
        with elected.expect_navigation():
            elected.get_by_role("region", name="Chartes en attente de votre signature").get_by_role(
                "link"
            ).click()
        assert "Vous signez pour : La commune" in elected.locator("main").inner_text()
        assert no_horizontal_overflow(elected)
        assert run_axe(elected, AXE) == []
        submit(elected)
        assert "Vous avez signé la charte" in elected.locator("main").inner_text()

        staff = site.page_for(world["staff"], viewport=PHONE)
        site.go(staff, f"/ecosysteme/chartes/{charter.pk}/signer/")
        submit(staff)
        charter.refresh_from_db()
        assert charter.status == CharterStatus.IN_FORCE
        with staff.expect_navigation():
            staff.get_by_role("link", name="Enregistrer une action").first.click()
        staff.select_option("#id_commitment", "1")
        staff.fill("#id_done_on", timezone.localdate().isoformat())
        staff.fill("#id_description", "Forum de l'économie sociale et solidaire")
        staff.fill("#id_beneficiaries", "Habitants")
        staff.fill("#id_people_reached", "120")
        assert no_horizontal_overflow(staff)
        submit(staff)
        assert "Forum de l'économie sociale et solidaire" in staff.locator("main").inner_text()

        public = site.chromium.new_context(viewport=PHONE, locale="fr-FR").new_page()
        site.go(public, f"/territoires/{world['territory'].slug}/ecosysteme/")
        text = public.locator("main").inner_text()
        assert charter.title in text and "2015-05-21-14" in text
        assert no_horizontal_overflow(public)
        assert run_axe(public, AXE) == []
        site.shot(public, "ecosystem-public")
        public.context.close()
        assert site.console_errors == [], site.console_errors
    finally:
        site.close()
