"""The posting path stays lean: one locking SELECT, the posting, its lines (one INSERT) and the
balances (one UPDATE) once the accounts are known; and a stale remembered account id never
posts to the wrong account."""

from decimal import Decimal

import pytest

from metis.accounts.tests.factories import UserFactory
from metis.ledger import services
from metis.ledger.enums import AccountKind
from metis.ledger.models import Account, PostingLine
from metis.ledger.services import account_for
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
