"""The posting path stays lean: one locking SELECT, the posting, its lines (one INSERT) and the
balances (one UPDATE) once the accounts are known — one statement doing all of it on
PostgreSQL; and a stale remembered account id never posts to the wrong account."""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from metis.accounts.tests.factories import UserFactory
from metis.ledger import services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Account, Posting, PostingLine
from metis.ledger.services import InsufficientBalance, account_for
from metis.ledger.services.accounts import _ACCOUNT_IDS
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.tests.factories import ProgrammeFactory


@pytest.fixture
def funded(db):
    programme, user = ProgrammeFactory(), UserFactory()
    company, association = CompanyFactory(), AssociationFactory()
    services.pledge_signed(programme=programme, company=company, hours=100, by=user)
    services.allocation_voted(programme=programme, association=association, hours=10, by=user)
    return programme, user, company, association


# The test runs inside a transaction, so the helper's own atomic() is a savepoint here: 2 more
# statements (SAVEPOINT, RELEASE) than at the top level of a request or a worker.
SAVEPOINT = 2
LEAN = 4 + SAVEPOINT


def test_an_allocation_costs_four_queries(funded, django_assert_max_num_queries):
    programme, user, _company, association = funded
    # SELECT ... FOR UPDATE, INSERT posting, INSERT lines, UPDATE balances (no second savepoint
    # for post(), no account lookup: the ids are known). It was 4 + 2 lookups + 2 savepoints.
    with django_assert_max_num_queries(LEAN):
        services.allocation_voted(programme=programme, association=association, hours=1, by=user)
    assert account_for(programme, AccountKind.POOL).balance == Decimal(89)


def test_reservation_and_validation_are_lean(funded, django_assert_max_num_queries):
    programme, user, company, association = funded
    args = {"programme": programme, "association": association, "company": company, "by": user}
    services.reservation_made(participation_id=1, hours=2, **args)
    services.time_validated(participation_id=1, hours=1, **args)
    with django_assert_max_num_queries(LEAN):
        services.reservation_made(participation_id=1, hours=2, **args)
    with django_assert_max_num_queries(LEAN):
        services.time_validated(participation_id=1, hours=1, **args)
    # release: lock once (FOR UPDATE), then posting, lines, balances — no second lock
    with django_assert_max_num_queries(LEAN):
        services.reservation_released(participation_id=1, **args)


def test_a_stale_remembered_account_id_is_looked_up_again(funded):
    programme, user, _company, association = funded
    credit = account_for(programme, AccountKind.CREDIT, association=association)
    other = ProgrammeFactory()
    stranger = account_for(other, AccountKind.POOL)
    # As if the id had been remembered from a rolled-back transaction / a flushed database.
    key = (programme.pk, AccountKind.CREDIT, None, association.pk, None, None)
    _ACCOUNT_IDS[key] = stranger.pk
    services.allocation_voted(programme=programme, association=association, hours=1, by=user)
    credit.refresh_from_db()
    stranger.refresh_from_db()
    assert credit.balance == Decimal(11)
    assert stranger.balance == 0
    assert not PostingLine.objects.filter(account=stranger).exists()
    _ACCOUNT_IDS[key] = 10**9  # an id that does not exist at all
    services.allocation_voted(programme=programme, association=association, hours=1, by=user)
    assert Account.objects.get(pk=credit.pk).balance == Decimal(12)


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement posting is PostgreSQL's; SQLite keeps the four statements")


@pytest.mark.postgres
def test_on_postgresql_a_posting_is_one_statement(funded, django_assert_num_queries):
    _postgresql_only()
    programme, user, company, association = funded
    with django_assert_num_queries(1 + SAVEPOINT):
        posting = services.allocation_voted(
            programme=programme, association=association, hours=1, by=user, memo="m"
        )
    stored = Posting.objects.get(pk=posting.pk)
    assert (stored.event, stored.memo, stored.created_by, stored.created_at) == (
        PostingEvent.ALLOCATION_VOTED,
        "m",
        user,
        posting.created_at,
    )
    pool = account_for(programme, AccountKind.POOL)
    credit = account_for(programme, AccountKind.CREDIT, association=association)
    # The lines keep the order they were given in, whatever the order of the locks.
    assert list(stored.lines.order_by("pk").values_list("account", "amount")) == [
        (pool.pk, Decimal(-1)),
        (credit.pk, Decimal(1)),
    ]
    assert (pool.balance, credit.balance) == (Decimal(89), Decimal(11))
    assert ledger_differences(programme) == []


@pytest.mark.postgres
def test_on_postgresql_a_refusal_names_the_short_account_and_writes_nothing(funded):
    _postgresql_only()
    programme, user, company, association = funded
    # The credit holds 10 h and the pledge 100 h: the credit is the short one, found although
    # the pledge comes later in the lines and the pool row is locked first.
    postings = Posting.objects.count()
    with translation.override("fr"), pytest.raises(InsufficientBalance) as error:
        services.reservation_made(
            programme=programme,
            association=association,
            company=company,
            participation_id=7,
            hours=30,
            by=user,
        )
    assert error.value.messages == [
        f"Le crédit d’heures de {association} ne contient que 10,00 h : "
        "impossible de réserver 30,00 h."
    ]
    assert Posting.objects.count() == postings
    credit = account_for(programme, AccountKind.CREDIT, association=association)
    pledge = account_for(programme, AccountKind.PLEDGE, company=company)
    assert (credit.balance, pledge.balance) == (Decimal(10), Decimal(100))
    assert not Account.objects.filter(reference_id=7, balance__gt=0).exists()
