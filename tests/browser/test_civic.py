"""A civic day through the real screens, in Chromium: an employee whose company is not on METIS
finds a need open to civic days in the catalogue, books a day on a phone-sized screen; the HR
contact answers through the link of the e-mail, without an account; the employee's account
shows the day and the employer; the documents wait for every party; the national counter
counts the person."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from metis.accounts.tests.factories import UserFactory
from metis.civic.services import civic_year_open
from metis.civic.signup import civic_employee_join
from metis.needs.enums import ParticipationOrigin, ParticipationStatus
from metis.needs.models import Participation
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import make_cycle, need_data
from metis.organisations.tests.factories import commune

from .test_cycle import PHONE, Site, no_horizontal_overflow, run_axe, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_working_day(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def world(reference_data):
    cycle = make_cycle()
    need = need_services.need_create(
        association=cycle.association,
        data=need_data(cycle.programme, title="Refaire le site web de l'association"),
        by=cycle.manager,
    )
    need = need_services.need_publish(need=need, by=cycle.manager)
    need_services.need_civic_days_set(need=need, open_to_civic_days=True, by=cycle.manager)
    day = _next_working_day(timezone.localdate() + datetime.timedelta(days=32))
    person = UserFactory(first_name="Camille", last_name="Durand")
    civic_employee_join(
        user=person,
        siren="732829320",
        company_name="Imprimerie du Val",
        hr_email="rh@imprimerie.example",
        commune=commune(),
    )
    civic_year_open(year=timezone.localdate().year)
    civic_year_open(year=day.year)
    return {"cycle": cycle, "need": need, "day": day, "person": person}


def test_a_civic_day_booked_and_answered_through_the_link(chromium, live_server, artifacts, world):
    from .conftest import AXE

    site = Site(chromium, live_server, artifacts)
    need, day, person = world["need"], world["day"], world["person"]
    try:
        # 1. On a phone, the employee filters the catalogue on civic days and books one.
        phone = site.page_for(person, viewport=PHONE)
        site.go(phone, "/besoins/?civique=1")
        assert "Journées civiques" in phone.locator("main").inner_text()
        with phone.expect_navigation():
            phone.get_by_role("link", name=need.title).click()
        assert need.get_absolute_url() in phone.url
        with phone.expect_navigation():
            phone.get_by_role("link", name="Réserver une journée civique").click()
        assert f"{day.year} : 7 h disponibles" in phone.locator("main").inner_text()
        assert no_horizontal_overflow(phone)
        assert run_axe(phone, AXE) == []
        phone.fill("#id_day", day.isoformat())
        phone.check("input[name=half_days][value='2']")
        phone.fill("#id_message", "Je peux aider à la mise en page.")
        site.shot(phone, "civic-01-booking")
        submit(phone, "main form button.btn-success")
        assert Participation.objects.filter(origin=ParticipationOrigin.CIVIC_DAY).exists(), (
            phone.locator("main").inner_text()
        )
        booking = Participation.objects.get(origin=ParticipationOrigin.CIVIC_DAY)
        assert booking.status == ParticipationStatus.ACCEPTED
        assert "Journée civique" in phone.locator("main").inner_text()

        # 2. The HR contact, who has no account, answers through the e-mailed link.
        message = next(
            m
            for m in mail.outbox
            if m.to == ["rh@imprimerie.example"] and "/service-civique/reponse/" in m.body
        )
        path = re.search(r"(/service-civique/reponse/\S+/)", message.body).group(1)
        hr = site.chromium.new_context(viewport=PHONE, locale="fr-FR")
        site.contexts.append(hr)
        answer = hr.new_page()
        site.go(answer, path)
        text = answer.locator("main").inner_text()
        assert "Camille Durand" in text and "Imprimerie du Val" in text
        assert run_axe(answer, AXE) == []
        answer.check("input[name=accept][value=yes]")
        site.shot(answer, "civic-02-hr-answer")
        submit(answer, "main form button.btn-primary")
        assert "a reçu sa réponse" in answer.locator("main").inner_text()
        booking.refresh_from_db()
        assert booking.status == ParticipationStatus.APPROVED
        assert booking.answered_by_email == "rh@imprimerie.example"

        # 3. The employee's account: the day, its employer, nothing free left this year.
        site.go(phone, "/service-civique/mon-compte/")
        text = phone.locator("main").inner_text()
        assert "Imprimerie du Val" in text and day.strftime("%d/%m/%Y") in text
        assert no_horizontal_overflow(phone)
        site.shot(phone, "civic-03-my-days")

        # 4. The documents of the loan wait for each party before the day can be given.
        site.go(phone, booking.get_absolute_url())
        assert phone.locator("[data-testid=next-step-mine] a[href*='/documents/']").count() >= 1

        # 5. The public counter counts the person's account.
        public = site.chromium.new_context(locale="fr-FR").new_page()
        site.go(public, "/service-civique/")
        assert "Service Civique Professionnel" in public.locator("main").inner_text()
        assert site.console_errors == []
    finally:
        site.close()
    assert Decimal(booking.planned_hours) == Decimal("7.00")
