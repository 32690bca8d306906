"""The national counter: its figures equal a recomputation from the ledger lines, by the
commune and département of each person's current employer; its open data parses as French
spreadsheets read it."""

import csv
import io
from collections import defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.models import Membership
from metis.accounts.services import membership_end
from metis.accounts.tests.factories import member
from metis.civic import services
from metis.civic.selectors import ENTITLING_EVENTS, civic_counter, civic_programme_of
from metis.civic.tests.conftest import ledger_done, ledger_release, ledger_reserve
from metis.ledger.enums import AccountKind
from metis.ledger.models import PostingLine
from metis.organisations.tests.factories import CompanyFactory, commune

pytestmark = pytest.mark.django_db

SCEAUX = "92071"
LYON_CODE = "69123"


@pytest.fixture
def year(db):
    """Eleven employees in Sceaux, two in Lyon, one who left their job; hours reserved, done,
    released."""
    sceaux, lyon = CompanyFactory(), CompanyFactory(commune=commune(LYON_CODE))
    people = [member(Role.EMPLOYEE, sceaux) for _ in range(11)]
    people += [member(Role.EMPLOYEE, lyon) for _ in range(2)]
    services.civic_year_open(year=2027)
    leaver = people[12]
    ledger_reserve(person=people[0], year=2027, participation_id=1, hours=5)
    ledger_done(person=people[0], year=2027, participation_id=1, hours=3)
    ledger_reserve(person=people[1], year=2027, participation_id=2, hours=7)
    ledger_reserve(person=people[11], year=2027, participation_id=3, hours=4)
    ledger_release(person=people[11], year=2027, participation_id=3)
    ledger_reserve(person=leaver, year=2027, participation_id=4, hours=2)
    ledger_done(person=leaver, year=2027, participation_id=4, hours=2)
    membership_end(membership=Membership.objects.get(user=leaver), by=leaver)
    return people


def _recomputed():
    """From the lines, person by person, placed by their current employer's commune."""
    employer = {
        m.user_id: m.company.commune_id
        for m in Membership.objects.current().filter(role=Role.EMPLOYEE).select_related("company")
    }
    figures = defaultdict(lambda: dict.fromkeys(("accounts", "entitled", "booked", "done"), 0))
    lines = PostingLine.objects.filter(account__programme=civic_programme_of(2027)).select_related(
        "account", "posting"
    )
    accounts = set()
    for line in lines:
        place, kind = employer.get(line.account.person_id), line.account.kind
        if kind == AccountKind.CIVIC_ENTITLEMENT:
            accounts.add((place, line.account_id))
            if line.posting.event in ENTITLING_EVENTS and line.amount > 0:
                figures[place]["entitled"] += line.amount
        elif kind == AccountKind.CIVIC_RESERVED:
            figures[place]["booked"] += line.amount
        elif kind == AccountKind.CIVIC_DONE:
            figures[place]["done"] += line.amount
    for place, _account in accounts:
        figures[place]["accounts"] += 1
    return figures


def _row(row):
    return {
        "accounts": row.accounts,
        "entitled": row.entitled,
        "booked": row.booked,
        "done": row.done,
    }


def test_the_counter_equals_the_ledger_lines(year, django_assert_max_num_queries):
    expected = _recomputed()
    with django_assert_max_num_queries(4):
        counter = civic_counter(2027)
    by_commune = {row.code: _row(row) for row in counter.communes}
    assert by_commune == {place: expected[place] for place in (SCEAUX, LYON_CODE)}
    assert by_commune[SCEAUX] == {
        "accounts": 11,
        "entitled": Decimal("77.00"),
        "booked": Decimal("9.00"),
        "done": Decimal("3.00"),
    }
    assert _row(counter.without_employer) == {
        "accounts": 1,
        "entitled": Decimal("7.00"),
        "booked": Decimal("0.00"),
        "done": Decimal("2.00"),
    }
    assert [(d.code, d.accounts) for d in counter.departements] == [("69", 1), ("92", 11)]
    assert _row(counter.total) == {
        "accounts": 13,
        "entitled": Decimal("91.00"),
        "booked": Decimal("9.00"),
        "done": Decimal("5.00"),
    }


def test_a_year_without_programme_counts_nothing(db):
    counter = civic_counter(2030)
    assert counter.total.accounts == 0 and counter.communes == []


@time_machine.travel("2027-03-01 10:00")
def test_the_public_page_in_french(client, year):
    page = client.get(reverse("civic:counter")).content.decode()
    assert "compteur national 2027" in page
    assert "20 000 000" in page or "20\u202f000\u202f000" in page or "20\xa0000\xa0000" in page
    assert "Hauts-de-Seine" in page and "Sceaux" in page
    # Lyon's one account is not shown on its own: small numbers are grouped.
    assert "Lyon" not in page and "Communes de moins de 11 comptes" in page
    assert "1 compte appartient à une personne sans employeur actuel" in page


@time_machine.travel("2027-03-01 10:00")
def test_the_open_data_parses_with_semicolons_and_decimal_commas(client, year):
    response = client.get(reverse("civic:open_data"))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Année", "Niveau", "Code", "Nom"]
    by_code = {row[2]: row for row in data}
    assert by_code["FR"][4:] == ["13", "91,00", "9,00", "5,00"]
    assert by_code[SCEAUX][4:] == ["11", "77,00", "9,00", "3,00"]
    assert by_code["92"][3] == "Hauts-de-Seine"
    # Fewer than 11 accounts: added up with the other small places, never alone.
    assert LYON_CODE not in by_code and "69" not in by_code
    grouped = [row for row in data if row[1] == "Commune" and not row[2]]
    assert [row[3:] for row in grouped] == [
        ["Communes de moins de 11 comptes", "1", "7,00", "0,00", "0,00"]
    ]
    assert "@" not in body  # no personal data


@time_machine.travel("2027-03-01 10:00")
def test_the_cached_counter_follows_each_new_posting(client, year):
    from metis.civic.selectors import civic_counter_cached

    assert civic_counter_cached(2027).total.done == Decimal("5.00")
    ledger_done(person=year[1], year=2027, participation_id=2, hours=7)
    assert civic_counter_cached(2027).total.done == Decimal("12.00")
