"""Sending a delivery: one signed POST, its outcome recorded, a failure retried with back-off
through the task queue (`run_after`) and by the sweep of due deliveries (`deliveries_send_due`:
the housekeeping of the workers and `manage.py send_due_webhooks`), so that nothing is lost
when a worker dies. A delivery row is locked (SELECT … FOR UPDATE SKIP LOCKED) while it is sent,
and only a delivery still due is sent: one that succeeded is never sent again by the queue or
the sweep (docs/webhooks.md)."""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import urllib.error
import urllib.request

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .guard import target_check
from .models import DUE_STATUSES, EXCERPT_LENGTH, DeliveryStatus, WebhookDelivery

log = logging.getLogger(__name__)

USER_AGENT = "METIS-Webhooks/1"
TIMEOUT_SECONDS = 5
#: Waits after the 1st, 2nd… failed attempt; the attempt after the last wait is the last one.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
#: The workers' housekeeping sends only deliveries overdue by this much (the queue lost them),
#: a few at a time (it must stay quick).
SWEEP_GRACE = datetime.timedelta(minutes=1)
HOUSEKEEPING_BATCH = 3


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`."""
    signed = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def body_of(delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirection is a failure (it could lead past the guard to a private address)."""

    def redirect_request(self, *args, **kwargs):
        return None


# Direct connections (no proxy from the environment), no redirection followed.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def _excerpt(data: bytes) -> str:
    return data[:EXCERPT_LENGTH].decode("utf-8", "replace")


def _post(delivery) -> tuple[int | None, str]:
    """(HTTP status or None, excerpt of the response or the error)."""
    subscription = delivery.subscription
    body = body_of(delivery)
    try:
        target_check(subscription.url, resolve=True)
    except ValidationError as error:
        return None, " ".join(error.messages)
    except OSError as error:
        return None, f"DNS: {error}"
    request = urllib.request.Request(
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Metis-Event": delivery.event_kind,
            "X-Metis-Delivery": str(delivery.event_id),
            "X-Metis-Signature": signature(
                subscription.secret, int(timezone.now().timestamp()), body
            ),
        },
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, _excerpt(response.read(EXCERPT_LENGTH))
    except urllib.error.HTTPError as error:
        return error.code, _excerpt(error.read(EXCERPT_LENGTH))
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        return None, f"{type(error).__name__}: {error}"[:EXCERPT_LENGTH]


def _record(delivery, status: int | None, excerpt: str) -> None:
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status
    delivery.last_error = excerpt[:EXCERPT_LENGTH]
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.GIVEN_UP
        delivery.next_attempt_at = None
        log.warning(
            "webhook delivery %s given up after %s attempts", delivery.pk, delivery.attempts
        )
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
    delivery.save()


def due_deliveries(*, now=None):
    return WebhookDelivery.objects.filter(
        status__in=DUE_STATUSES,
        next_attempt_at__lte=now or timezone.now(),
        subscription__active=True,
    )


def delivery_attempt(delivery_id: int) -> WebhookDelivery | None:
    """Send the delivery if it is still due and no one else is sending it (its row locked
    while it is sent); None when there was nothing to send."""
    with transaction.atomic():
        delivery = (
            due_deliveries()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        status, excerpt = _post(delivery)
        _record(delivery, status, excerpt)
    return delivery


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """Send it now; a failure to be retried is queued for its next attempt (with a task
    backend that runs tasks later; otherwise the sweep sends it)."""
    delivery = delivery_attempt(delivery_id)
    retry = delivery is not None and delivery.status == DeliveryStatus.RETRYING
    if retry and send_webhook.get_backend().supports_defer:
        send_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
    return delivery


def deliveries_send_due(*, limit: int = HOUSEKEEPING_BATCH, grace=SWEEP_GRACE) -> int:
    """The sweep: send the deliveries due (for `grace` already, the oldest first); how many were
    sent. Each is locked while sent, so two sweeps never send the same delivery."""
    due = due_deliveries(now=timezone.now() - grace).order_by("next_attempt_at", "pk")
    sent = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:limit]):
        if deliver(delivery_id) is not None:
            sent += 1
    return sent


def deliveries_enqueue(delivery_ids: list[int]) -> None:
    """Queue the sending of these deliveries once the current transaction commits (nothing is
    sent if it rolls back)."""

    def enqueue():
        for delivery_id in delivery_ids:
            send_webhook.enqueue(delivery_id=delivery_id)

    if delivery_ids:
        transaction.on_commit(enqueue)


@task(queue_name="webhooks")
def send_webhook(*, delivery_id: int) -> str:
    delivery = deliver(delivery_id)
    return delivery.status if delivery is not None else "not due"
