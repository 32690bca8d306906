"""Who opens the Service Civique Professionnel's pages: the counter and its open data are
public (metis/core/tests/test_permission_matrix.py, PUBLIC_PAGES); joining needs a log-in,
and an anonymous post writes nothing."""

import datetime

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import UserFactory, member
from metis.civic.bookings import civic_day_book
from metis.civic.links import answer_token
from metis.civic.services import civic_year_open
from metis.needs.enums import ParticipationStatus
from metis.needs.models import Participation
from metis.needs.services import needs as need_services
from metis.needs.tests.factories import make_cycle, need_data
from metis.organisations.models import Company
from metis.organisations.tests.factories import CompanyFactory, _siren

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "newcomer", "employee", "referent"]
JOIN = "civic:join"


@pytest.fixture
def people(db):
    company = CompanyFactory()
    return {
        "anonymous": None,
        "newcomer": UserFactory(),
        "employee": member(Role.EMPLOYEE, company),
        "referent": member(Role.COMPANY_REFERENT, company),
    }


def _client(client, people, persona):
    if people[persona]:
        client.force_login(people[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_join_page_needs_a_log_in(client, people, persona):
    response = _client(client, people, persona).get(reverse(JOIN))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 200
        assert "Adhérer au Service Civique Professionnel" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_joining(client, people, persona):
    """Anonymous: nothing written; an employee of another company: refused on the form;
    anyone else without an employer joins."""
    response = _client(client, people, persona).post(
        reverse(JOIN),
        {
            "siren": _siren(7777),
            "company_name": "Menuiserie Petit",
            "commune": "92071",
            "hr_email": "rh@petit.fr",
        },
    )
    joined = Company.objects.filter(siren=_siren(7777)).exists()
    assert joined == (persona in {"newcomer", "referent"})
    if persona == "employee":
        assert "mettre fin à cet emploi" in response.content.decode()
    if joined:
        assert response.url == reverse("civic:counter")


def test_the_home_page_of_a_person_without_membership_links_to_joining(client, people):
    client.force_login(people["newcomer"])
    assert reverse(JOIN) in client.get(reverse("inbox:home")).content.decode()


def test_the_footer_links_the_counter(client, people):
    assert reverse("civic:counter") in client.get(reverse("inbox:privacy")).content.decode()


# Civic days: the person's account, booking, the employer's answer (logged in or by link).
NOW = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 4, 8)
CIVIC_PERSONAS = ["anonymous", "employee", "referent", "other_referent", "manager"]


@pytest.fixture
def civic(db):
    world = make_cycle()
    need = need_services.need_create(
        association=world.association,
        data=need_data(world.programme, open_to_civic_days=True),
        by=world.manager,
    )
    need = need_services.need_publish(need=need, by=world.manager)
    civic_year_open(year=2026)
    booking = civic_day_book(need=need, volunteer=world.employee, day=DAY, half_days=1)
    return {
        "need": need,
        "booking": booking,
        "people": {
            "anonymous": None,
            "employee": world.employee,
            "referent": world.referent,
            "other_referent": member(Role.COMPANY_REFERENT, CompanyFactory()),
            "manager": world.manager,
        },
    }


def _as(client, civic, persona):
    if civic["people"][persona]:
        client.force_login(civic["people"][persona])
    return client


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("account_login"))
    return response.status_code == 403


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("persona", CIVIC_PERSONAS)
def test_my_civic_days_is_each_persons_own(client, civic, persona):
    response = _as(client, civic, persona).get(reverse("civic:my_days"))
    if persona == "anonymous":
        assert _refused(response, persona)
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert ("08/04/2026" in page) == (persona == "employee")


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("persona", CIVIC_PERSONAS)
def test_only_an_employee_books_a_civic_day(client, civic, persona):
    url = reverse("civic:book", args=[civic["need"].pk])
    client = _as(client, civic, persona)
    before = Participation.objects.count()
    response = client.get(url)
    if persona == "employee":
        assert response.status_code == 200
    else:
        assert _refused(response, persona)
        client.post(url, {"day": "2026-04-09", "half_days": 1})
        assert Participation.objects.count() == before


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("persona", CIVIC_PERSONAS)
def test_only_the_employers_referent_answers_on_the_site(client, civic, persona):
    url = reverse("civic:booking_answer", args=[civic["booking"].pk])
    client = _as(client, civic, persona)
    response = client.get(url)
    if persona == "referent":
        assert response.status_code == 200
        return
    assert _refused(response, persona)
    client.post(url, {"accept": "yes"})
    civic["booking"].refresh_from_db()
    assert civic["booking"].status == ParticipationStatus.ACCEPTED


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize("persona", CIVIC_PERSONAS)
def test_the_signed_link_answers_for_whoever_holds_it(client, civic, persona):
    """The link is the HR contact's proof: public, whoever opens it; an altered one is not
    found and writes nothing."""
    token = answer_token(civic["booking"], "rh@example.org")
    client = _as(client, civic, persona)
    altered = client.post(reverse("civic:answer", args=[token[:-2] + "xx"]), {"accept": "yes"})
    assert altered.status_code == 404
    civic["booking"].refresh_from_db()
    assert civic["booking"].status == ParticipationStatus.ACCEPTED
    assert client.get(reverse("civic:answer", args=[token])).status_code == 200
