"""Task workers: start-up check, heartbeat and housekeeping (writes), and what the operator
reads about them.

`manage.py run_worker` records itself at start (a worker that cannot write to the database
exits at once), then a background thread beats every HEARTBEAT_SECONDS and runs the
housekeeping functions other apps register in their `ready()` (e.g. failing background jobs
that ran past their time-out)."""

import logging
import os
import socket
import threading
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from .models import WorkerHeartbeat

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
# A worker not seen for this long is shown as silent (stopped, frozen or killed).
SILENT_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS

HOUSEKEEPING: list[Callable[[], object]] = []


def housekeeping(function):
    """Register a function the workers run at each heartbeat (idempotent, quick)."""
    if function not in HOUSEKEEPING:
        HOUSEKEEPING.append(function)
    return function


def worker_start(*, worker_id: str) -> WorkerHeartbeat:
    now = timezone.now()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "last_seen_at": now,
            "stopped_at": None,
        },
    )
    return heartbeat


def worker_beat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=timezone.now())
    for function in HOUSEKEEPING:
        try:
            function()
        except DatabaseError:
            log.exception("housekeeping %s failed", function.__qualname__)


def worker_stop(*, worker_id: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=now, stopped_at=now)


class Heartbeat(threading.Thread):
    """Beats until stopped; its own database connection, closed at the end."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_SECONDS):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.wait(self.interval):
                close_old_connections()
                try:
                    worker_beat(worker_id=self.worker_id)
                except DatabaseError:
                    log.exception("heartbeat of worker %s failed", self.worker_id)
        finally:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join(timeout=self.interval + 5)


def workers_seen(*, limit: int = 10) -> list[dict]:
    """The workers most recently seen, newest first, with their state for the operator."""
    now = timezone.now()
    rows = []
    for heartbeat in WorkerHeartbeat.objects.order_by("-last_seen_at", "pk")[:limit]:
        silent_for = (now - heartbeat.last_seen_at).total_seconds()
        if heartbeat.stopped_at:
            state = "stopped"
        elif silent_for > SILENT_AFTER_SECONDS:
            state = "silent"
        else:
            state = "alive"
        rows.append({"worker": heartbeat, "state": state, "silent_for": int(silent_for)})
    return rows
