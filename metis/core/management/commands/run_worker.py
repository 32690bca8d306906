"""The task worker of METIS: django-tasks-db's `db_worker`, made to fail loudly.

- no autoreloader: under it a worker that crashed at start-up left its process alive and idle;
  here any start-up error ends the process with a non-zero exit code;
- start-up check: the worker records itself in the database first (tables migrated, database
  writable, lock obtained within the busy timeout), or exits 1 saying why;
- a heartbeat (every few seconds) that the operator sees on the dashboard, and the
  housekeeping registered by the apps (background jobs past their time-out fail)."""

import contextlib

from django.core.management.base import CommandError
from django.db import DatabaseError
from django_tasks_db.management.commands import db_worker

from metis.core.workers import Heartbeat, worker_start, worker_stop


class Command(db_worker.Command):
    help = "Run the task worker (no autoreload; exits non-zero when it cannot start)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # One worker takes every queue unless told which (--queue-name mail,default).
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        options["reload"] = False
        worker_id = options["worker_id"]
        try:
            worker_start(worker_id=worker_id)
        except DatabaseError as error:
            raise CommandError(f"The task worker cannot start: {error}") from error
        self.stdout.write(f"Task worker {worker_id} started.")
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            with contextlib.suppress(DatabaseError):
                worker_stop(worker_id=worker_id)
