"""The mission cycle with the keyboard only, in Chromium: every field is reached with Tab from
the top of the page, filled by typing, every button pressed with Enter and every box ticked
with Space. Nothing is clicked: a step that only a mouse can do fails the test.

The programme, the pledge and the credit are set up through the services (the mouse-driven
cycle test plays those screens); from the need onwards every step is the keyboard's."""

from decimal import Decimal

import pytest
from django.utils import timezone

from metis.accounts.tests.factories import PASSWORD
from metis.documents.models import ContractAmendment, LoanAgreement
from metis.needs.models import Need, Participation, TimeEntry
from metis.needs.tests.factories import make_cycle
from metis.valuation.cost_prices import cost_price_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 400


class Keyboard:
    """One person's browser, driven by the keyboard."""

    def __init__(self, chromium, base, user):
        self.base = base
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.go("/accounts/login/")
        self.type_into("input[name=login]", user.email)
        self.type_into("input[name=password]", PASSWORD)
        self.press_on("main form button[type=submit]")
        assert "/accounts/login/" not in self.page.url, f"log-in failed for {user.email}"

    def go(self, path):
        response = self.page.goto(self.base + path)
        assert response.status < 400, f"{path}: {response.status}"

    def tab_to(self, selector):
        """Press Tab from the top of the page until the element (or a control inside it) has
        the focus."""
        target = self.page.locator(selector).first
        target.wait_for(state="attached")
        handle = target.element_handle()
        self.page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            if self.page.evaluate(
                "(el) => el === document.activeElement || el.contains(document.activeElement)",
                handle,
            ):
                return
        raise AssertionError(f"{selector} cannot be reached with Tab on {self.page.url}")

    def type_into(self, selector, text):
        self.tab_to(selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def date_into(self, selector, day):
        """A date field, typed digit by digit in the order the browser shows its parts (day
        first in a French browser, month first in the test machine's English one)."""
        order = self._date_order()
        self.tab_to(selector)
        self.page.keyboard.type(day.strftime(order))
        assert self.page.locator(selector).first.input_value() == day.isoformat()

    def _date_order(self):
        """Which order this browser's date fields take: found on a scratch field."""
        self.page.evaluate(
            "() => { const i = document.createElement('input'); i.type = 'date';"
            " i.id = 'scratch-date'; document.body.append(i); }"
        )
        scratch = self.page.locator("#scratch-date")
        scratch.focus()
        self.page.keyboard.type("01022000")
        month_first = scratch.input_value() == "2000-01-02"
        self.page.evaluate("() => document.getElementById('scratch-date').remove()")
        return "%m%d%Y" if month_first else "%d%m%Y"

    def choose(self, selector, text):
        """A select (plain or enhanced with a search box): type what is wanted, then Enter."""
        self.tab_to(selector)
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def press_on(self, selector):
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def tick(self, selector):
        self.tab_to(selector)
        self.page.keyboard.press("Space")
        assert self.page.locator(selector).first.is_checked()


def test_the_cycle_with_the_keyboard_only(chromium, live_server, reference_data):
    cycle = make_cycle()
    today = timezone.localdate()
    programme = cycle.programme
    cost_price_record(
        company=cycle.company,
        year=today.year,
        monthly_salary=Decimal("4000"),
        monthly_employer_charges=Decimal("1700"),
        employee=cycle.employee,
        by=cycle.referent,
    )
    manager = Keyboard(chromium, live_server.url, cycle.manager)
    employee = Keyboard(chromium, live_server.url, cycle.employee)
    referent = Keyboard(chromium, live_server.url, cycle.referent)
    try:
        # The association writes a need and publishes it.
        manager.go("/association/besoins/nouveau/")
        manager.choose("#id_programme", programme.name)
        manager.type_into("#id_title", "Plan de trésorerie")
        manager.type_into("#id_description", "Construire le plan de trésorerie de l’année.")
        manager.choose("#id_skills_required + .ts-wrapper, #id_skills_required", "Comptab")
        manager.type_into("#id_estimated_hours", "10")
        manager.date_into("#id_starts_on", programme.starts_on)
        manager.date_into("#id_ends_on", programme.ends_on)
        manager.type_into("#id_volunteers_wanted", "1")
        manager.press_on("main form button.btn-primary")
        need = Need.objects.get(title="Plan de trésorerie")
        manager.go(f"/association/besoins/{need.pk}/")
        manager.press_on(f"form[action$='/besoins/{need.pk}/publier/'] button")
        need.refresh_from_db()
        assert need.status == "published", need.status

        # The employee applies; the association accepts.
        employee.go(f"/besoins/{need.pk}/")
        employee.type_into("#id_message", "Avec plaisir.")
        employee.press_on(f"form[action$='/besoins/{need.pk}/candidater/'] button")
        participation = Participation.objects.get(need=need)
        manager.go(f"/association/besoins/{need.pk}/")
        manager.press_on("button[name=decision][value=accepter]")

        # The employer approves 10 h.
        referent.go("/entreprise/approbations/")
        referent.tick(f"input[name=participations][value='{participation.pk}']")
        referent.type_into(f"#id_{participation.pk}-planned_hours", "10")
        referent.press_on("main form button.btn-success")
        participation.refresh_from_db()
        assert participation.status == "approved", participation.status

        # Every party accepts its documents.
        agreement = LoanAgreement.objects.get(company=cycle.company)
        amendment = ContractAmendment.objects.get(participation=participation)
        for person in (referent, manager):
            person.go(f"/documents/conventions/{agreement.pk}/")
            person.press_on("form[action*='/accepter/'] button:not([name])")
            person.go(f"/documents/conventions/{agreement.pk}/")
            person.press_on("form[action*='/accepter/'] button[name='annexe']")
        for person in (referent, employee):
            person.go(f"/documents/avenants/{amendment.pk}/")
            person.press_on("form[action*='/accepter/'] button")
        participation.refresh_from_db()
        assert participation.status == "active", participation.status

        # The employee declares 2 h today; the association validates them.
        employee.go(f"/participations/{participation.pk}/")
        employee.date_into("#id_date", today)
        employee.type_into("#id_hours", "2")
        employee.type_into("#id_description", "Premier tableau de trésorerie")
        employee.press_on(f"form[action$='/participations/{participation.pk}/heures/'] button")
        entry = TimeEntry.objects.get(participation=participation)
        manager.go("/association/heures/")
        manager.tick(f"input[name=entries][value='{entry.pk}']")
        manager.press_on("button[name=decision][value=valider]")
        entry.refresh_from_db()
        assert entry.status == "validated" and entry.value is not None
    finally:
        for person in (manager, employee, referent):
            person.context.close()
