"""The whole mission cycle through the real screens, in Chromium: pledge, allocation, need,
application, acceptance, employer approval (and the agreements), declared hours, validation;
then every dashboard's figures, screenshots, axe-core and a phone-sized screen."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import PASSWORD, member, operator_staff_with_totp
from metis.needs.models import Need, Participation, TimeEntry
from metis.needs.tests.factories import volunteer
from metis.organisations.tests.factories import (
    AssociationFactory,
    CompanyFactory,
    TerritoryFactory,
    commune,
)
from metis.programmes.tests.factories import ProgrammeFactory
from metis.skills.models import Skill
from metis.valuation.cost_prices import cost_price_record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
#: The timeline's "your turn" links to a document to accept.
TO_ACCEPT = "[data-testid=next-step-mine] a[href*='/documents/']"


def iso(day):
    return day.isoformat()


class Site:
    """One browser context per person, logged in through the real log-in form."""

    def __init__(self, chromium, live_server, artifacts):
        self.chromium = chromium
        self.base = live_server.url
        self.artifacts = artifacts
        self.contexts = []
        self.console_errors = []

    def _watch(self, page):
        def on_console(message):
            where = (message.location or {}).get("url", "")
            if message.type == "error" and "favicon" not in where + message.text:
                self.console_errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        return page

    def page_for(self, user, *, viewport=None):
        context = self.chromium.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, locale="fr-FR"
        )
        self.contexts.append(context)
        page = self._watch(context.new_page())
        page.set_default_timeout(15000)
        page.goto(self.base + "/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        assert "/accounts/login/" not in page.url, f"log-in failed for {user.email}"
        return page

    def page_with_session(self, user):
        """Operator staff log in with a TOTP code; here their session is opened directly."""
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        context = self.chromium.new_context(viewport={"width": 1280, "height": 900})
        self.contexts.append(context)
        host = self.base.split("//")[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": session.session_key, "domain": host, "path": "/"}]
        )
        return self._watch(context.new_page())

    def go(self, page, path):
        response = page.goto(self.base + path)
        assert response.status < 400, f"{path}: {response.status}"
        return page

    def shot(self, page, name):
        page.screenshot(path=str(self.artifacts / f"{name}.png"), full_page=True)

    def close(self):
        for context in self.contexts:
            context.close()


def submit(page, selector="main form button"):
    with page.expect_navigation():
        page.locator(selector).first.click()


def figure(page, key):
    return page.locator(f"[data-figure={key}]").first.inner_text().strip()


def fr(value: Decimal) -> str:
    """How the French locale prints a decimal figure (no thousands here)."""
    return f"{value:.2f}".replace(".", ",")


def run_axe(page, axe_path):
    # add_script_tag(path=…) inserts an inline <script>, which the site's CSP refuses (as it
    # should); evaluating the vendored source through the DevTools protocol is not subject to it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_path.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));"
        " }"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def world(reference_data):
    today = timezone.localdate()
    territory = TerritoryFactory(commune=commune())
    programme = ProgrammeFactory(
        territory=territory,
        name="Programme pilote",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
        reference_hourly_value=Decimal("50"),
    )
    company = CompanyFactory(agrees_to_be_named=True, name="Société Exemple")
    association = AssociationFactory(name="Les Amis du Parc")
    world = {
        "today": today,
        "territory": territory,
        "programme": programme,
        "company": company,
        "association": association,
        "officer": member(Role.TERRITORY_OFFICER, territory),
        "referent": member(Role.COMPANY_REFERENT, company),
        "manager": member(Role.ASSOCIATION_MANAGER, association),
        "employee": volunteer(company),
        "operator": operator_staff_with_totp(territory.operator),
    }
    cost_price_record(
        company=company,
        year=today.year,
        monthly_salary=Decimal("5000"),
        monthly_employer_charges=Decimal("2100"),
        employee=world["employee"],
        by=world["referent"],
    )
    return world


def test_whole_cycle_and_dashboards(chromium, live_server, artifacts, world):
    from .conftest import AXE

    site = Site(chromium, live_server, artifacts)
    w = world
    today, programme = w["today"], w["programme"]
    try:
        # 1. The company referent pledges 100 h and signs.
        referent = site.page_for(w["referent"])
        site.go(referent, "/programmes/engagements/nouveau/")
        referent.select_option("#id_programme", str(programme.pk))
        referent.select_option("#id_company", str(w["company"].pk))
        referent.fill("#id_hours", "100")
        referent.fill("#id_starts_on", iso(programme.starts_on))
        referent.fill("#id_ends_on", iso(programme.ends_on))
        submit(referent, "main form button.btn-primary")
        site.shot(referent, "01-pledge-list")
        with referent.expect_navigation():
            referent.locator("a[href*='/signer/']").first.click()
        referent.fill("#id_signer_name", "Marie Curie")
        referent.fill("#id_signed_on", iso(programme.starts_on))
        submit(referent, "main form button.btn-primary")

        # 2. The territory officer proposes a mixed subsidy and records the vote.
        officer = site.page_for(w["officer"])
        site.go(officer, f"/programmes/{programme.pk}/")
        officer.select_option("#id_association", str(w["association"].pk))
        officer.fill("#id_cash_previous_period", "10000")
        officer.fill("#id_cash_current_period", "6000")
        officer.fill("#id_hours_credit", "40")
        submit(officer, f"form[action$='/programmes/{programme.pk}/subventions/proposer/'] button")
        with officer.expect_navigation():
            officer.locator("a[href*='/voter/']").first.click()
        officer.fill("#id_deliberation_reference", "DEL-2026-42")
        officer.fill("#id_deliberation_date", iso(programme.starts_on))
        submit(officer, "main form button.btn-primary")
        site.shot(officer, "02-programme-after-vote")

        # 3. The association manager writes and publishes a need.
        manager = site.page_for(w["manager"])
        site.go(manager, "/association/besoins/nouveau/")
        manager.select_option("#id_programme", str(programme.pk))
        manager.fill("#id_title", "Revue des comptes annuels")
        manager.fill("#id_description", "Relire la comptabilité de l’exercice avec le trésorier.")
        manager.select_option("#id_skills_required", str(Skill.objects.get(code="accounting").pk))
        manager.fill("#id_estimated_hours", "12")
        manager.select_option("#id_format", "both")
        manager.fill("#id_starts_on", iso(programme.starts_on))
        manager.fill("#id_ends_on", iso(programme.ends_on))
        place = commune()
        manager.evaluate(
            "([id, text]) => { const s = document.querySelector('#id_commune');"
            " if (s.tomselect) { s.tomselect.addOption({id: id, text: text});"
            " s.tomselect.setValue(id); } else { s.add(new Option(text, id, true, true)); } }",
            [str(place.pk), place.name],
        )
        manager.fill("#id_volunteers_wanted", "1")
        submit(manager, "main form button.btn-primary")
        need = Need.objects.get(title="Revue des comptes annuels")
        site.go(manager, f"/association/besoins/{need.pk}/")
        submit(manager, f"form[action$='/besoins/{need.pk}/publier/'] button")
        site.shot(manager, "03-need-published")

        # 4. The employee applies.
        employee = site.page_for(w["employee"])
        site.go(employee, f"/besoins/{need.pk}/")
        employee.fill("#id_message", "Je suis comptable, avec plaisir.")
        submit(employee, f"form[action$='/besoins/{need.pk}/candidater/'] button")
        site.shot(employee, "04-applied")
        participation = Participation.objects.get(need=need)

        # 5. The manager accepts.
        site.go(manager, f"/association/besoins/{need.pk}/")
        submit(manager, "button[name=decision][value=accepter]")

        # 6. The employer approves 20 h.
        site.go(referent, "/entreprise/approbations/")
        site.shot(referent, "05-approvals")
        referent.check(f"input[name=participations][value='{participation.pk}']")
        prefix = str(participation.pk)
        referent.fill(f"#id_{prefix}-planned_hours", "20")
        referent.fill(f"#id_{prefix}-starts_on", iso(programme.starts_on))
        referent.fill(f"#id_{prefix}-ends_on", iso(today + datetime.timedelta(days=30)))
        submit(referent, "main form button.btn-success")
        participation.refresh_from_db()
        assert participation.status == "approved", participation.status

        # 7. Active only through the acceptances: the agreement's general terms and the
        # employee's annex (company, association), the amendment (employer, employee). Each
        # party follows the "your turn" links of the participation's timeline.
        timeline = f"/participations/{participation.pk}/"
        for page in (referent, manager, employee):
            for _ in range(3):
                site.go(page, timeline)
                mine = page.locator(TO_ACCEPT)
                if mine.count() == 0:
                    break
                with page.expect_navigation():
                    mine.first.click()
                accept = page.locator("form[action*='/accepter/'] button")
                assert accept.count(), f"{page.url}: {page.locator('main').inner_text()[:800]}"
                submit(page, "form[action*='/accepter/'] button")
            assert page.locator(TO_ACCEPT).count() == 0
        site.shot(employee, "06-amendment-accepted")
        participation.refresh_from_db()
        assert participation.status == "active", participation.status
        site.go(employee, f"/participations/{participation.pk}/")
        site.shot(employee, "06-participation-timeline")

        # 8. The employee declares 3.5 h today (no hour before the documents were accepted).
        site.go(employee, f"/participations/{participation.pk}/")
        employee.fill("#id_date", iso(today))
        employee.fill("#id_hours", "3.5")
        employee.fill("#id_description", "Relecture du bilan")
        submit(employee, f"form[action$='/participations/{participation.pk}/heures/'] button")
        site.shot(employee, "07-hours-declared")
        entry = TimeEntry.objects.get(participation=participation)

        # 9. The manager validates them.
        site.go(manager, "/association/heures/")
        manager.check(f"input[name=entries][value='{entry.pk}']")
        submit(manager, "button[name=decision][value=valider]")
        entry.refresh_from_db()
        assert entry.status == "validated" and entry.value is not None

        # 10. Dashboards show the figures.
        value = entry.value
        site.go(officer, "/tableau-de-bord/")
        officer.wait_for_selector("canvas#dashboard-chart")
        assert officer.evaluate(
            "() => Chart.getChart(document.getElementById('dashboard-chart')) !== undefined"
        ), "the chart was not drawn"
        site.shot(officer, "10-dashboard-territory")
        assert figure(officer, "pledged") == fr(Decimal("100"))
        assert figure(officer, "allocated") == fr(Decimal("40"))
        assert figure(officer, "reserved") == fr(Decimal("16.5"))
        assert figure(officer, "delivered") == fr(Decimal("3.5"))
        assert figure(officer, "value") == fr(value)

        site.go(referent, "/tableau-de-bord/")
        site.shot(referent, "11-dashboard-company")
        assert figure(referent, "pledged") == fr(Decimal("100"))
        assert figure(referent, "delivered") == fr(Decimal("3.5"))
        assert figure(referent, "value") == fr(value)
        assert figure(referent, "employees") == "1"
        assert figure(referent, "associations_helped") == "1"

        site.go(manager, "/tableau-de-bord/")
        site.shot(manager, "12-dashboard-association")
        assert figure(manager, "remaining_credit") == fr(Decimal("20"))
        assert figure(manager, "delivered") == fr(Decimal("3.5"))

        site.go(employee, "/tableau-de-bord/")
        site.shot(employee, "13-dashboard-volunteer")
        assert figure(employee, "validated") == fr(Decimal("3.5"))
        agenda = employee.input_value("#agenda-url")
        ics = employee.request.get(agenda)
        assert ics.ok and "BEGIN:VEVENT" in ics.text()

        operator = site.page_with_session(w["operator"])
        site.go(operator, "/tableau-de-bord/")
        site.shot(operator, "14-dashboard-operator")
        assert figure(operator, "delivered") == fr(Decimal("3.5"))

        public = site.chromium.new_context().new_page()
        site.go(public, f"/impact/{programme.pk}/")
        site.shot(public, "15-impact")
        assert figure(public, "delivered") == fr(Decimal("3.5"))
        assert "Société Exemple" in public.content()

        # Each role's home: what waits for them.
        for page, role in [
            (officer, "territory"),
            (referent, "company"),
            (manager, "association"),
            (employee, "employee"),
            (operator, "operator"),
        ]:
            site.go(page, "/")
            site.shot(page, f"home-{role}")

        # 11. The notices each step left.
        site.go(manager, "/notifications/")
        site.shot(manager, "16-notices")
        assert manager.locator("main .list-group-item").count() >= 2

        # 12. axe-core on the main pages: no serious or critical violation.
        pages = [
            (officer, "/tableau-de-bord/"),
            (referent, "/tableau-de-bord/"),
            (manager, "/tableau-de-bord/"),
            (employee, "/tableau-de-bord/"),
            (manager, "/notifications/"),
            (public, f"/impact/{programme.pk}/"),
            (employee, f"/participations/{participation.pk}/"),
            (manager, "/association/heures/"),
        ]
        report = {}
        for page, path in pages:
            site.go(page, path)
            found = run_axe(page, AXE)
            if found:
                report[path] = found
        (artifacts / "axe.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        assert report == {}, json.dumps(report, indent=2, ensure_ascii=False)

        # 13. A phone-sized screen: no horizontal scrolling on the main pages.
        overflow = []
        for user, path, name in [
            (w["employee"], "/tableau-de-bord/", "phone-volunteer"),
            (w["manager"], "/tableau-de-bord/", "phone-association"),
            (w["referent"], "/tableau-de-bord/", "phone-company"),
            (w["officer"], "/tableau-de-bord/", "phone-territory"),
            (w["employee"], f"/besoins/{need.pk}/", "phone-need"),
        ]:
            phone = site.page_for(user, viewport=PHONE)
            site.go(phone, path)
            site.shot(phone, name)
            if not no_horizontal_overflow(phone):
                overflow.append(path)
        assert overflow == [], overflow
        # No script error and no CSP refusal on any page visited.
        (artifacts / "console.txt").write_text("\n".join(site.console_errors))
        assert site.console_errors == [], site.console_errors
    finally:
        site.close()
