"""A new commune through the real screens, in Chromium (docs/evaluation.md, "A new commune"):
its officer signs it up on a phone-sized screen, the operator's staff activate it, the officer
starts the first programme from the template and reads its council documents."""

import pytest

from metis.accounts.tests.factories import UserFactory, operator_staff_with_totp
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Territory
from metis.organisations.tests.factories import OperatorFactory
from metis.programmes.models import Programme

from .test_cycle import PHONE, Site, no_horizontal_overflow, run_axe, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INSEE = "92019"  # Châtenay-Malabry


@pytest.fixture
def world(reference_data):
    operator = OperatorFactory(name="METIS Île-de-France")
    return {
        "operator": operator,
        "staff": operator_staff_with_totp(operator),
        "officer": UserFactory(first_name="", last_name=""),
    }


def test_a_commune_signs_up_and_starts_its_first_programme(chromium, live_server, artifacts, world):
    from .conftest import AXE

    site = Site(chromium, live_server, artifacts)
    try:
        # 1. On a phone, the town hall's officer registers the commune.
        officer = site.page_for(world["officer"], viewport=PHONE)
        site.go(officer, "/")
        with officer.expect_navigation():
            officer.get_by_role("link", name="Inscrire votre commune").click()
        officer.evaluate(
            "([id, text]) => { const s = document.querySelector('#id_commune');"
            " if (s.tomselect) { s.tomselect.addOption({id: id, text: text});"
            " s.tomselect.setValue(id); } else { s.add(new Option(text, id, true, true)); } }",
            [INSEE, "Châtenay-Malabry"],
        )
        officer.fill("#id_first_name", "Inès")
        officer.fill("#id_last_name", "Roy")
        assert no_horizontal_overflow(officer)
        assert run_axe(officer, AXE) == []
        submit(officer, "main form button.btn-primary")
        assert "Votre commune est inscrite" in officer.locator("main").inner_text()
        territory = Territory.objects.get(commune_id=INSEE)
        assert territory.status == OrganisationStatus.PENDING
        site.shot(officer, "commune-01-signed-up")

        # 2. The operator's staff activate it.
        staff = site.page_with_session(world["staff"])
        site.go(staff, "/organisations/a-activer/")
        assert "Ville de Châtenay-Malabry" in staff.locator("main").inner_text()
        submit(staff, f"form[action$='/territoire/{territory.pk}/activer/'] button")
        territory.refresh_from_db()
        assert territory.status == OrganisationStatus.ACTIVE

        # 3. The officer starts the first programme from the template.
        site.go(officer, "/programmes/nouveau/")
        name = officer.input_value("#id_name")
        assert name.startswith("Châtenay-Malabry ")
        assert officer.input_value("#id_target_hours") == "2000"
        submit(officer, "main form button.btn-primary")
        programme = Programme.objects.get(territory=territory)
        assert programme.name == name
        with officer.expect_navigation():
            officer.get_by_role("link", name="Documents du conseil municipal").click()
        assert (
            "Délibération créant la subvention mixte METIS" in officer.locator("main").inner_text()
        )
        assert no_horizontal_overflow(officer)
        site.shot(officer, "commune-02-council-documents")
        assert site.console_errors == []
    finally:
        site.close()
