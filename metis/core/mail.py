"""E-mails leave through the task queue, never inside a request or a transaction.

`email_queue` enqueues `send_email` once the current transaction commits; the worker sends it.
A failure of the mail server (SMTP error, connection refused, time-out) is retried with an
exponential back-off (1, 2, 4, 8 minutes) up to MAX_ATTEMPTS; the last failure is raised, so the
task result records it. Links in e-mails are built on `settings.SITE_URL` (`absolute_url`)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60


def absolute_url(path: str) -> str:
    """`/besoins/3/` → `https://metis.example/besoins/3/` (absolute URLs are kept)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def email_queue(*, to, subject: str, body: str) -> None:
    """Send one e-mail per recipient through the task queue, after the transaction commits
    (nothing leaves if it rolls back)."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject, body = str(subject), str(body)

    def enqueue():
        for recipient in recipients:
            send_email.enqueue(recipient=recipient, subject=subject, body=body)

    transaction.on_commit(enqueue)


def retry_delay(attempt: int) -> datetime.timedelta:
    """Wait before attempt `attempt + 1`: 1, 2, 4, 8… minutes."""
    return datetime.timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempt - 1))


@task(queue_name="mail")
def send_email(*, recipient: str, subject: str, body: str, attempt: int = 1) -> int:
    try:
        return send_mail(subject, body, None, [recipient])
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= MAX_ATTEMPTS:
            log.error("e-mail to %s failed %s times, given up: %s", recipient, attempt, error)
            raise
        log.warning("e-mail to %s failed (attempt %s): %s; retried", recipient, attempt, error)
        retry = send_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(recipient=recipient, subject=subject, body=body, attempt=attempt + 1)
        return 0
