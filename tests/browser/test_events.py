"""An event through the real screens, in Chromium (docs/events.md): the commune's officer
drafts and publishes a workshop; a visitor without an account finds it on a phone, registers
with a name and an e-mail, confirms through the e-mailed link and gets a place; the officer
sees her among the registered."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.events.enums import EventStatus, RegistrationStatus
from metis.events.models import Event, Registration
from metis.organisations.tests.factories import TerritoryFactory, commune

from .test_cycle import PHONE, Site, no_horizontal_overflow, run_axe, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_event_published_and_a_visitor_registered(
    chromium, live_server, artifacts, reference_data
):
    from .conftest import AXE

    territory = TerritoryFactory(commune=commune())
    officer = member(Role.TERRITORY_OFFICER, territory)
    start = timezone.localtime() + datetime.timedelta(days=12)
    site = Site(chromium, live_server, artifacts)
    try:
        # 1. The officer drafts the workshop from "Our events", then publishes it.
        desk = site.page_for(officer)
        site.go(desk, "/evenements/organiser/")
        with desk.expect_navigation():
            desk.get_by_role("link", name="Nouvel événement").click()
        assert run_axe(desk, AXE) == []
        desk.select_option("#id_kind", "workshop")
        desk.fill("#id_title", "Atelier : lancer son projet d'ESS")
        desk.fill("#id_description", "Deux heures pour passer de l'idée au projet.")
        desk.fill("#id_starts_at", start.strftime("%Y-%m-%dT18:00"))
        desk.fill("#id_ends_at", start.strftime("%Y-%m-%dT20:00"))
        desk.fill("#id_online_url", "https://visio.example/atelier")
        desk.fill("#id_capacity", "12")
        submit(desk, "main form button.btn-success")
        event = Event.objects.get(title="Atelier : lancer son projet d'ESS")
        assert "Brouillon" in desk.locator("main").inner_text()
        submit(desk, f"form[action$='/evenements/{event.pk}/publier/'] button")
        event.refresh_from_db()
        assert event.status == EventStatus.PUBLISHED
        site.shot(desk, "events-01-published")

        # 2. A visitor, on a phone and without an account, finds it and registers.
        visitor = site.chromium.new_context(viewport=PHONE, locale="fr-FR")
        site.contexts.append(visitor)
        phone = visitor.new_page()
        site.go(phone, "/evenements/")
        assert no_horizontal_overflow(phone)
        assert run_axe(phone, AXE) == []
        with phone.expect_navigation():
            phone.get_by_role("link", name=event.title).click()
        assert run_axe(phone, AXE) == []
        phone.fill("#id_name", "Chloé Durand")
        phone.fill("#id_email", "chloe@exemple.fr")
        submit(phone, "main form[action$='/inscription/'] button")
        assert "chloe@exemple.fr" in phone.locator("main").inner_text()
        registration = Registration.objects.get(event=event)
        assert registration.status == RegistrationStatus.PENDING

        # 3. She confirms through the link of the e-mail.
        message = next(m for m in mail.outbox if m.to == ["chloe@exemple.fr"])
        path = re.search(r"(/evenements/inscription/\S+/confirmer/)", message.body).group(1)
        site.go(phone, path)
        submit(phone, "main form button.btn-primary")
        assert "Votre place est réservée" in phone.locator("main").inner_text()
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED
        site.shot(phone, "events-02-registered")

        # 4. The officer sees her among the registered.
        site.go(desk, f"/evenements/{event.pk}/inscrits/")
        assert "Chloé Durand" in desk.locator("main").inner_text()
        assert run_axe(desk, AXE) == []
        assert site.console_errors == []
    finally:
        site.close()
