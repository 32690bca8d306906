"""The year-end issue of receipts, one per company, run as a background task (docs/rules.md § 5).

Exactly once with several workers: a worker claims the batch (its row locked, status QUEUED →
RUNNING) before issuing, so a batch runs once; two batches of the same year meet in
``receipt_issue``, which locks the association before its overlap check, so a company already
receipted by the other batch is skipped, not receipted twice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import BATCH_UNFINISHED, BatchStatus, Receipt, ReceiptBatch
from .common import require
from .receipts import NOT_A_SIGNATORY, NOT_ELIGIBLE, current_signatory, receipt_issue

BATCH_NOT_RUNNING = _("Only a queued or running issue can be cancelled.")
BATCH_CANCELLED = _("Cancelled by %(name)s: the receipts already issued stay issued.")
BATCH_TIMED_OUT = _(
    "Stopped after %(minutes)s minutes (is the task worker running?). The receipts already "
    "issued stay issued: start the issue again for the others."
)
BATCH_TIMEOUT = datetime.timedelta(minutes=30)


def companies_to_receipt(association, year):
    """Companies with validated hours for the association in the year and no issued receipt
    overlapping it."""
    from metis.organisations.models import Company

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    covered = (
        Receipt.objects.issued()
        .filter(association=association, period_start__lte=end, period_end__gte=start)
        .values("company_id")
    )
    return (
        Company.objects.filter(
            participations__need__association=association,
            participations__time_entries__status="validated",
            participations__time_entries__date__gte=start,
            participations__time_entries__date__lte=end,
        )
        .exclude(pk__in=covered)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def receipt_batch_start(*, association, year: int, by) -> ReceiptBatch:
    """Queue the year-end issue of receipts (one per company), signed by ``by``."""
    require(association.may_issue_tax_receipts, NOT_ELIGIBLE, code="not_eligible")
    require(current_signatory(association, by) is not None, NOT_A_SIGNATORY, code="not_a_signatory")
    batch = ReceiptBatch.objects.create(
        association=association,
        year=year,
        created_by=by,
        total=companies_to_receipt(association, year).count(),
    )
    from ..tasks import issue_receipt_batch

    transaction.on_commit(lambda: issue_receipt_batch.enqueue(batch.pk))
    return batch


def _claim(batch_id: int) -> ReceiptBatch | None:
    """Mark the batch RUNNING if it is still QUEUED; None when another worker has it."""
    with transaction.atomic():
        batch = ReceiptBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != BatchStatus.QUEUED:
            return None
        batch.status = BatchStatus.RUNNING
        batch.save(update_fields=["status"])
    return batch


def receipt_batch_run(batch_id: int) -> ReceiptBatch:
    """Body of the task: each company in its own transaction; progress saved after each."""
    batch = _claim(batch_id)
    if batch is None:
        return ReceiptBatch.objects.get(pk=batch_id)
    association = batch.association
    companies = list(companies_to_receipt(association, batch.year))
    batch.total = len(companies)
    batch.save(update_fields=["total"])
    start = datetime.date(batch.year, 1, 1)
    end = min(datetime.date(batch.year, 12, 31), timezone.localdate())
    for company in companies:
        if not ReceiptBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).exists():
            return ReceiptBatch.objects.get(pk=batch.pk)  # cancelled or timed out meanwhile
        try:
            receipt_issue(
                association=association,
                company=company,
                period_start=start,
                period_end=end,
                by=batch.created_by,
            )
            batch.done += 1
        except ValidationError as error:
            if error.code == "overlap":  # receipted meanwhile by another batch
                batch.total -= 1
            else:
                batch.errors = [
                    *batch.errors,
                    {"company": company.name, "error": " ".join(error.messages)},
                ]
        batch.save(update_fields=["done", "errors", "total"])
    ReceiptBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
        status=BatchStatus.DONE, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


@transaction.atomic
def receipt_batch_cancel(*, batch, by) -> ReceiptBatch:
    """Stop a queued or running year-end issue before its next company; the receipts already
    issued stay issued."""
    batch = ReceiptBatch.objects.select_for_update().get(pk=batch.pk)
    require(batch.is_running, BATCH_NOT_RUNNING, code="not_running")
    batch.status = BatchStatus.CANCELLED
    batch.error = str(BATCH_CANCELLED % {"name": by.get_full_name() or by.email})
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "error", "finished_at"])
    return batch


def receipt_batches_expire(*, now=None) -> int:
    """Batches still queued or running BATCH_TIMEOUT after they were started fail with a
    message for the person who started them (the workers' housekeeping runs this)."""
    now = now or timezone.now()
    message = str(BATCH_TIMED_OUT % {"minutes": int(BATCH_TIMEOUT.total_seconds() // 60)})
    return ReceiptBatch.objects.filter(
        status__in=BATCH_UNFINISHED, created_at__lt=now - BATCH_TIMEOUT
    ).update(status=BatchStatus.FAILED, error=message, finished_at=now)
