"""Background work: an allocation run (django.tasks; run_worker in `make demo`)."""

import logging

from django.tasks import task

from . import engine
from .models import UNFINISHED, AllocationRun, RunStatus

log = logging.getLogger(__name__)


@task(queue_name="matching")
def compute_allocation_run(run_id: int) -> None:
    run = AllocationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:
        return
    try:
        engine.compute(run)
    except engine.RunStopped:  # cancelled or timed out meanwhile: its status says so
        log.info("allocation run %s stopped before the end", run_id)
    except Exception as error:  # stored for the officer, then re-raised for the worker's log
        log.exception("allocation run %s failed", run_id)
        AllocationRun.objects.filter(pk=run_id, status__in=UNFINISHED).update(
            status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
