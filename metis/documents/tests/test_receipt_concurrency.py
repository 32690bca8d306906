"""Each donation receipted once, under real concurrency (docs/rules.md § 5; PostgreSQL only)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from metis.documents.models import BatchStatus, Receipt, ReceiptBatch, ReceiptLine
from metis.documents.services import receipt_batches
from metis.documents.services import receipts as receipt_services

from .factories import day, valued_cycle

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def run_at_once(functions):
    """Run each function in its own thread and connection, all released together; return
    (results, validation error codes, other failures)."""
    barrier = threading.Barrier(len(functions))
    results, codes, failures = [], [], []

    def run(function):
        try:
            barrier.wait()
            results.append(function())
        except ValidationError as error:
            codes.append(error.code)
        except Exception as error:  # noqa: BLE001 — reported by the test
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, codes, failures


@pytest.mark.parametrize("at_once", [2, 10])
def test_simultaneous_issues_for_the_same_period_give_one_receipt(at_once):
    cycle = valued_cycle()

    def issue():
        return receipt_services.receipt_issue(
            association=cycle.association,
            company=cycle.company,
            period_start=day(30),
            period_end=day(0),
            by=cycle.manager,
        )

    results, codes, failures = run_at_once([issue] * at_once)
    assert not failures
    assert len(results) == 1 and codes == ["overlap"] * (at_once - 1)
    assert Receipt.objects.count() == 1
    assert ReceiptLine.objects.filter(active=True).count() == 2


def test_overlapping_periods_posted_at_once_give_one_receipt():
    cycle = valued_cycle()
    periods = [(day(30), day(0)), (day(2), day(1)), (day(3), day(3)), (day(10), day(2))]

    def issue(period):
        return lambda: receipt_services.receipt_issue(
            association=cycle.association,
            company=cycle.company,
            period_start=period[0],
            period_end=period[1],
            by=cycle.manager,
        )

    results, codes, failures = run_at_once([issue(p) for p in periods])
    assert not failures
    assert Receipt.objects.count() == len(results)
    # No time entry is on two issued receipts, and no two issued periods overlap.
    assert ReceiptLine.objects.filter(active=True).count() == 2
    receipts = list(Receipt.objects.issued())
    for a in receipts:
        for b in receipts:
            if a.pk < b.pk:
                assert a.period_end < b.period_start or b.period_end < a.period_start


def _batch(cycle):
    return ReceiptBatch.objects.create(
        association=cycle.association, year=day(2).year, created_by=cycle.manager
    )


def test_year_end_batch_run_by_two_workers_issues_once():
    cycle = valued_cycle()
    batch = _batch(cycle)
    results, codes, failures = run_at_once(
        [lambda: receipt_batches.receipt_batch_run(batch.pk)] * 2
    )
    assert not failures and not codes
    assert Receipt.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.done == 1 and batch.errors == []


def test_two_batches_of_the_same_year_run_at_once_issue_once():
    cycle = valued_cycle()
    first, second = _batch(cycle), _batch(cycle)
    results, codes, failures = run_at_once(
        [
            lambda: receipt_batches.receipt_batch_run(first.pk),
            lambda: receipt_batches.receipt_batch_run(second.pk),
        ]
    )
    assert not failures and not codes
    assert Receipt.objects.count() == 1
    batches = list(ReceiptBatch.objects.order_by("pk"))
    assert sum(b.done for b in batches) == 1
    assert all(b.status == BatchStatus.DONE and b.errors == [] for b in batches)
