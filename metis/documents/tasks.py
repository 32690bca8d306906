from django.tasks import task


@task
def issue_receipt_batch(batch_id: int) -> int:
    """Year-end issue of receipts (documents.services.receipt_batch_run)."""
    from .services.receipt_batches import receipt_batch_run

    return receipt_batch_run(batch_id).done
