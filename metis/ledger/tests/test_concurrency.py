"""Real concurrent transactions against one balance (PostgreSQL only: SQLite serialises every
writer with BEGIN IMMEDIATE, so there is nothing to race)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from metis.accounts.tests.factories import UserFactory
from metis.ledger import services
from metis.ledger.checks import ledger_differences
from metis.ledger.enums import AccountKind, PostingEvent
from metis.ledger.models import Posting
from metis.ledger.services import InsufficientBalance, account_for
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.programmes.tests.factories import ProgrammeFactory

WRITERS = 24
ATTEMPTS_PER_WRITER = 6
POOL_HOURS = 100  # fewer than the 144 hours asked for: 44 attempts must be refused


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_overdraw_the_pool_nor_lose_a_posting(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, set DATABASE_URL to run it")
    user = UserFactory()
    programme = ProgrammeFactory()
    services.pledge_signed(programme=programme, company=CompanyFactory(), hours=POOL_HOURS, by=user)
    associations = [AssociationFactory() for _ in range(WRITERS)]
    for association in associations:  # accounts exist before the race, as in production
        account_for(programme, AccountKind.CREDIT, association=association)

    barrier = threading.Barrier(WRITERS)
    results = {"ok": 0, "refused": 0, "errors": []}
    lock = threading.Lock()

    def writer(association):
        try:
            barrier.wait()
            for _ in range(ATTEMPTS_PER_WRITER):
                try:
                    services.allocation_voted(
                        programme=programme, association=association, hours=1, by=user
                    )
                    outcome = "ok"
                except InsufficientBalance:
                    outcome = "refused"
                with lock:
                    results[outcome] += 1
        except Exception as error:  # reported below
            with lock:
                results["errors"].append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(a,)) for a in associations]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    pool = account_for(programme, AccountKind.POOL)
    allocations = Posting.objects.filter(
        programme=programme, event=PostingEvent.ALLOCATION_VOTED
    ).count()
    credits = sum(
        account_for(programme, AccountKind.CREDIT, association=a).balance for a in associations
    )
    print(
        f"\n{WRITERS} writers x {ATTEMPTS_PER_WRITER} attempts in {elapsed:.2f} s: "
        f"{results['ok']} allocated, {results['refused']} refused, {len(results['errors'])} "
        f"errors, pool left {pool.balance}, credits {credits}, postings {allocations}"
    )
    assert results["errors"] == []
    assert results["ok"] + results["refused"] == WRITERS * ATTEMPTS_PER_WRITER
    assert results["ok"] == POOL_HOURS  # no overdraft and no refusal while hours were left
    assert pool.balance == 0
    assert allocations == results["ok"]  # no lost posting
    assert credits == Decimal(POOL_HOURS)  # no lost update
    assert ledger_differences(programme) == []
