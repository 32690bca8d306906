"""Bad values in the query string, the path and posted ids answer 4xx and write nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member, operator_staff_with_totp
from metis.documents.models import ReceiptBatch
from metis.documents.tests.factories import valued_cycle
from metis.needs.models import Participation, TimeEntry

BAD_YEARS = ["0", "-1", "99999", "abc", "1999", "2101", "\x00", "9" * 30]
BAD_IDS = ["abc", "-1", "0", "1.5", "\x00", "9" * 30]


@pytest.fixture
def world(db):
    cycle = valued_cycle()
    cycle.officer = member(Role.TERRITORY_OFFICER, cycle.programme.territory)
    cycle.operator = operator_staff_with_totp(cycle.programme.territory.operator)
    return cycle


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


VALUED_HOURS = [
    ("needs:my_valued_hours", "employee", "annee"),
    ("needs:company_valued_hours", "referent", "annee"),
    ("needs:association_valued_hours", "manager", "annee"),
    ("needs:territory_valued_hours", "officer", "annee"),
    ("valuation_company:cost_prices", "referent", "annee"),
    ("documents:association_receipts", "manager", "year"),
    ("documents:association_declaration", "manager", "year"),
]


@pytest.mark.parametrize("name,persona,key", VALUED_HOURS, ids=[v[0] for v in VALUED_HOURS])
def test_years_out_of_bounds_in_the_query_string_answer_400(world, name, persona, key):
    client = _client(getattr(world, persona))
    args = {
        "valuation_company:cost_prices": [world.company.pk],
        "documents:association_receipts": [world.association.pk],
        "documents:association_declaration": [world.association.pk],
    }.get(name, [])
    url = reverse(name, args=args)
    assert client.get(url).status_code == 200
    assert client.get(url, {key: "2026"}).status_code == 200
    for value in BAD_YEARS:
        assert client.get(url, {key: value}).status_code == 400, value


@pytest.mark.parametrize("year", ["0", "1", "1999", "2101", "99999"])
def test_an_attestation_of_a_year_out_of_bounds_is_not_found(world, year):
    response = _client(world.employee).get(f"/documents/attestation/{year}/")
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["99999999999", "0", "abc", "\x00"])
def test_a_receipt_batch_for_a_year_out_of_bounds_is_refused(world, value):
    url = reverse("documents:receipt_batch_start", args=[world.association.pk])
    response = _client(world.manager).post(url, {"year": value})
    assert response.status_code == 400
    assert not ReceiptBatch.objects.exists()


@pytest.mark.parametrize("value", BAD_IDS)
def test_receipts_refuse_a_company_that_is_not_an_id(world, value):
    url = reverse("documents:association_receipts", args=[world.association.pk])
    response = _client(world.manager).post(
        url, {"company": value, "period_start": "2026-01-01", "period_end": "2026-12-31"}
    )
    assert response.status_code == 200
    assert not world.association.receipts.exists()


POSTED_IDS = [
    ("needs:hours_to_validate", "manager", {"entries": None, "decision": "valider"}),
    ("needs:approvals", "referent", {"participation": None, "decision": "refuser"}),
    ("needs:approvals", "referent", {"participations": None, "decision": "approuver"}),
    ("needs:extra_hours", "referent", {"request": None, "decision": "approuver"}),
    ("needs:moderation", "operator", {"need": None}),
]


@pytest.mark.parametrize("name,persona,data", POSTED_IDS, ids=[p[0] for p in POSTED_IDS])
@pytest.mark.parametrize("value", BAD_IDS)
def test_posted_ids_that_are_not_ids_answer_4xx(world, name, persona, data, value):
    before = list(TimeEntry.objects.values_list("pk", "status")) + list(
        Participation.objects.values_list("pk", "status")
    )
    field = next(k for k, v in data.items() if v is None)
    response = _client(getattr(world, persona)).post(reverse(name), {**data, field: value})
    assert 400 <= response.status_code < 500
    after = list(TimeEntry.objects.values_list("pk", "status")) + list(
        Participation.objects.values_list("pk", "status")
    )
    assert before == after


@pytest.mark.parametrize("value", BAD_IDS)
def test_inviting_a_volunteer_that_is_not_an_id_answers_4xx(world, value):
    url = reverse("needs:need_invite", args=[world.need.pk])
    count = Participation.objects.count()
    response = _client(world.manager).post(url, {"volunteer": value})
    assert 400 <= response.status_code < 500
    assert Participation.objects.count() == count
