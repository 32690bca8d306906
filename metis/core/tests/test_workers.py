"""Task workers: a worker that cannot start exits non-zero; the heartbeat runs the registered
housekeeping; the operator sees each worker's last heartbeat on the dashboard."""

import datetime
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.core import workers
from metis.core.models import WorkerHeartbeat


def test_a_worker_that_cannot_start_exits_non_zero(tmp_path):
    """An unmigrated database (no tables): the worker says why and exits 1 instead of idling
    (under the autoreloader of db_worker the process stayed alive)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay"],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "METIS_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "The task worker cannot start" in result.stderr


def test_start_beat_stop_and_housekeeping(db):
    calls = []
    workers.HOUSEKEEPING.append(lambda: calls.append(1))
    try:
        heartbeat = workers.worker_start(worker_id="w1")
        assert heartbeat.pid == os.getpid() and heartbeat.stopped_at is None
        WorkerHeartbeat.objects.update(last_seen_at=timezone.now() - datetime.timedelta(hours=1))
        workers.worker_beat(worker_id="w1")
        assert calls == [1]
        assert workers.workers_seen()[0]["state"] == "alive"
        workers.worker_stop(worker_id="w1")
        assert workers.workers_seen()[0]["state"] == "stopped"
    finally:
        workers.HOUSEKEEPING.pop()


def test_allocation_time_outs_are_registered_as_housekeeping():
    from metis.allocations.services import allocation_runs_expire

    assert allocation_runs_expire in workers.HOUSEKEEPING


@pytest.fixture
def operator(db):
    from metis.accounts.tests.factories import operator_staff_with_totp
    from metis.organisations.tests.factories import OperatorFactory

    return operator_staff_with_totp(OperatorFactory())


def test_the_operator_sees_the_last_heartbeat_of_each_worker(client, operator):
    client.force_login(operator)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Aucun processus des tâches n’a démarré" in page
    workers.worker_start(worker_id="alive")
    workers.worker_start(worker_id="silent")
    WorkerHeartbeat.objects.filter(worker_id="silent").update(
        last_seen_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Dernier signe de vie" in page
    assert "Silencieux depuis 300 s" in page or "Silencieux depuis 30" in page
    assert page.count("text-bg-success") == 1 and page.count("text-bg-danger") == 1


def test_each_kind_of_task_has_its_own_queue():
    """docs/scaling.md, "Redis queues per task kind": a long job never delays an e-mail."""
    from django.conf import settings

    from metis.allocations.tasks import compute_allocation_run
    from metis.core.mail import send_email
    from metis.documents.tasks import issue_receipt_batch
    from metis.webhooks.sending import send_webhook

    queues = {
        task.name: task.queue_name
        for task in (send_email, compute_allocation_run, issue_receipt_batch, send_webhook)
    }
    assert queues == {
        "send_email": "mail",
        "compute_allocation_run": "matching",
        "issue_receipt_batch": "documents",
        "send_webhook": "webhooks",
    }
    assert set(queues.values()) < set(settings.TASK_QUEUES)


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_every_queue_unless_told(settings, mailoutbox):
    """`run_worker` (make demo) runs the e-mails and the other queues alike; `--queue-name`
    restricts it to some."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from metis.core.mail import send_email

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    send_email.enqueue(recipient="a@example.org", subject="Objet", body="Texte")
    assert DBTaskResult.objects.get().queue_name == "mail"
    call_command("run_worker", "--batch", "--queue-name", "default", "--no-startup-delay")
    assert DBTaskResult.objects.get().status == "READY" and mailoutbox == []
    call_command("run_worker", "--batch", "--no-startup-delay")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [message.to for message in mailoutbox] == [["a@example.org"]]
