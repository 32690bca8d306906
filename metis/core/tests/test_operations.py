"""Operations: SITE_URL required in production and used in e-mails, e-mails sent by the task
queue with retries, the demo never loaded under production settings, SQLite in WAL mode."""

import os
import smtplib
import subprocess
import sys

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError

from metis.core import mail as core_mail
from metis.demo.management.commands.load_demo import DEMO_IN_PRODUCTION


def _start_production(**env):
    base = {"DJANGO_SETTINGS_MODULE": "config.settings.prod", "PATH": os.environ["PATH"]}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_site_url():
    result = _start_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="metis.example")
    assert result.returncode != 0 and "SITE_URL must be set" in result.stderr
    result = _start_production(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="metis.example", SITE_URL="http://metis.example"
    )
    assert result.returncode != 0 and "SITE_URL must be set" in result.stderr
    result = _start_production(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="metis.example", SITE_URL="https://metis.example"
    )
    assert result.returncode == 0, result.stderr


def test_production_keeps_database_connections_unless_told():
    """Each worker reuses its connection (checked first) instead of opening one per request."""
    production = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "metis.example",
        "SITE_URL": "https://metis.example",
        "DATABASE_URL": "postgres://metis@db.example/metis",
    }
    show = "from django.conf import settings as s; d = s.DATABASES['default']; "
    show += "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    for env, expected in [({}, "60 True"), ({"CONN_MAX_AGE": "0"}, "0 False")]:
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {show}"],
            env={
                "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                "PATH": os.environ["PATH"],
                **production,
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.stdout.strip() == expected, result.stderr


def test_production_keeps_its_redis_cache_client():
    """A Redis `CACHE_URL` gets the cache that keeps its client (metis.core.cache); any other
    address keeps the backend it names."""
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    for url, expected in [
        ("redis://127.0.0.1:6379/1", "metis.core.cache.RedisCache"),
        ("locmemcache://", "django.core.cache.backends.locmem.LocMemCache"),
    ]:
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {show}"],
            env={
                "DJANGO_SETTINGS_MODULE": "config.settings.prod",
                "PATH": os.environ["PATH"],
                "SECRET_KEY": "x" * 50,
                "ALLOWED_HOSTS": "metis.example",
                "SITE_URL": "https://metis.example",
                "CACHE_URL": url,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.stdout.strip() == expected, result.stderr


def test_development_default_site_url():
    from config.settings import base

    assert base.SITE_URL == "http://127.0.0.1:8000" or os.environ.get("SITE_URL")


def test_absolute_url_uses_site_url(settings):
    settings.SITE_URL = "https://metis.example"
    assert core_mail.absolute_url("/besoins/3/") == "https://metis.example/besoins/3/"
    assert core_mail.absolute_url("https://other.example/x") == "https://other.example/x"


def test_load_demo_refuses_production_settings(db, settings):
    from metis.accounts.models import User

    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded under the production"):
        call_command("load_demo")
    assert DEMO_IN_PRODUCTION
    assert not User.objects.exists()


def test_benchmarks_refuse_production_settings(db, settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("bench_pages", here=True)


class FlakyBackend(EmailBackend):
    """The mail server refuses the first `failures` messages."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    FlakyBackend.failures = 0
    return FlakyBackend


def test_an_email_is_queued_then_sent_by_the_task(db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://metis.example"
    with django_capture_on_commit_callbacks() as callbacks:
        core_mail.email_queue(to=["a@example.org"], subject="Sujet", body="Corps")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.org"], "Sujet")]


def test_a_failed_send_is_retried_with_back_off(db, flaky_mail, caplog):
    flaky_mail.failures = 2
    result = core_mail.send_email.enqueue(recipient="a@example.org", subject="S", body="B")
    assert result.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1 and flaky_mail.failures == 0
    assert caplog.text.count("retried") == 2
    assert [core_mail.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_sending_gives_up_after_the_last_attempt(db, flaky_mail):
    flaky_mail.failures = core_mail.MAX_ATTEMPTS
    core_mail.send_email.enqueue(recipient="a@example.org", subject="S", body="B")
    assert mail.outbox == [] and flaky_mail.failures == 0


def test_every_new_sqlite_connection_runs_in_wal_with_a_busy_timeout(tmp_path):
    """What the worker and the server get: a new process, the default (development) settings on
    a SQLite file, a fresh connection."""
    probe = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
            "METIS_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split()[-2:] == ["wal", "20000"]


def test_gunicorn_settings(monkeypatch):
    """config/gunicorn.conf.py (production and the load test): names gunicorn knows, 2 × cores
    + 1 workers unless WEB_CONCURRENCY says otherwise, the heartbeat files in memory."""
    import multiprocessing
    import runpy
    from pathlib import Path

    from django.conf import settings
    from gunicorn.config import Config

    path = str(Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py")
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    values = {k: v for k, v in runpy.run_path(path).items() if not k.startswith("_")}
    values = {k: v for k, v in values.items() if k not in ("multiprocessing", "os")}
    config = Config()
    for name, value in values.items():
        config.set(name, value)  # an unknown name raises AttributeError
    assert config.workers == 2 * multiprocessing.cpu_count() + 1
    assert config.bind == ["127.0.0.1:8000"]
    assert config.worker_tmp_dir == "/dev/shm"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(path)["workers"] == 3
