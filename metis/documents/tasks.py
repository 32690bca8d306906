from django.tasks import task
from django.utils import timezone


@task(queue_name="documents")
def issue_receipt_batch(batch_id: int) -> int:
    """Year-end issue of receipts (documents.services.receipt_batch_run)."""
    from .models import BATCH_UNFINISHED, BatchStatus, ReceiptBatch
    from .services.receipt_batches import receipt_batch_run

    try:
        return receipt_batch_run(batch_id).done
    except Exception as error:  # shown to the manager, then re-raised for the worker's log
        ReceiptBatch.objects.filter(pk=batch_id, status__in=BATCH_UNFINISHED).update(
            status=BatchStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        raise
