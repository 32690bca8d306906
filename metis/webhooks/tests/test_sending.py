"""Sending a delivery to a real local receiver: headers, signature, retries with back-off, giving
up, the due sweep, and the guard against requests to private networks (docs/webhooks.md)."""

import datetime
import hashlib
import hmac
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.core.workers import HOUSEKEEPING, worker_beat
from metis.organisations.tests.factories import AssociationFactory
from metis.webhooks import guard, services
from metis.webhooks.models import DeliveryStatus, EventKind, WebhookDelivery
from metis.webhooks.sending import MAX_ATTEMPTS, RETRY_DELAYS, USER_AGENT, deliveries_send_due

pytestmark = pytest.mark.django_db


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The verification docs/webhooks.md shows to subscribers."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    fresh = abs(timezone.now().timestamp() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected.hexdigest(), parts["v1"])


@pytest.fixture
def manager():
    return member(Role.ASSOCIATION_MANAGER, AssociationFactory())


@pytest.fixture
def subscription(receiver, manager):
    return services.subscription_create(
        organisation=manager.memberships.get().association,
        url=receiver.url,
        event_kinds=[EventKind.RECEIPT_ISSUED],
        by=manager,
    )


def send_test(subscription, by, capture):
    with capture(execute=True):
        delivery = services.test_event_send(subscription=subscription, by=by)
    delivery.refresh_from_db()
    return delivery


def test_a_signed_json_post_with_its_headers(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    assert delivery.last_error == '{"received": true}'
    [call] = receiver.calls
    assert call.path == "/hooks"
    assert call.headers["Content-Type"] == "application/json"
    assert call.headers["User-Agent"] == USER_AGENT
    assert call.headers["X-Metis-Event"] == "webhook.test"
    assert call.headers["X-Metis-Delivery"] == str(delivery.event_id)
    assert call.json == delivery.payload
    assert call.json["id"] == str(delivery.event_id) and call.json["type"] == "webhook.test"
    assert call.json["data"]["association_id"] == subscription.association_id
    signature = call.headers["X-Metis-Signature"]
    assert verify(subscription.secret, signature, call.body)
    assert not verify(services.secret_new(), signature, call.body)
    assert not verify(subscription.secret, signature, call.body + b" ")


def test_a_new_secret_signs_the_next_calls(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    old = subscription.secret
    renewed = services.secret_regenerate(subscription=subscription, by=manager)
    assert renewed.secret != old and renewed.secret.startswith("whsec_")
    send_test(renewed, manager, django_capture_on_commit_callbacks)
    signature = receiver.calls[0].headers["X-Metis-Signature"]
    assert verify(renewed.secret, signature, receiver.calls[0].body)
    assert not verify(old, signature, receiver.calls[0].body)


def test_a_failure_is_retried_after_a_minute_with_the_same_event_id(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
        assert delivery.status == DeliveryStatus.RETRYING
        assert delivery.attempts == 1 and delivery.last_status_code == 500
        assert delivery.last_error == "oops"
        assert delivery.next_attempt_at == start + datetime.timedelta(minutes=1)
        # Not due yet: the sweep sends nothing.
        call_command("send_due_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert len(receiver.calls) == 1
        clock.shift(datetime.timedelta(minutes=1, seconds=1))
        call_command("send_due_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert [c.headers["X-Metis-Delivery"] for c in receiver.calls] == [str(delivery.event_id)] * 2
    # Succeeded: neither the sweep nor a late task sends it again.
    with time_machine.travel(start + datetime.timedelta(days=2)):
        assert deliveries_send_due(limit=10) == 0
    assert len(receiver.calls) == 2


def test_given_up_after_the_last_attempt(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    receiver.answers = [503] * 20
    with time_machine.travel(timezone.now(), tick=False) as clock:
        delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
        for delay in RETRY_DELAYS:
            delivery.refresh_from_db()
            assert delivery.status == DeliveryStatus.RETRYING
            assert delivery.next_attempt_at == timezone.now() + delay
            clock.shift(delay)
            assert deliveries_send_due(limit=10, grace=datetime.timedelta(0)) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP and delivery.next_attempt_at is None
    assert delivery.attempts == MAX_ATTEMPTS == len(receiver.calls) == 7
    assert delivery.last_status_code == 503


def test_redeliver_sends_a_given_up_delivery_again(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.GIVEN_UP, next_attempt_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_redeliver(delivery=delivery, by=manager)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len(receiver.calls) == 2


def test_a_network_error_is_retried(subscription, manager, django_capture_on_commit_callbacks):
    subscription.url = "http://127.0.0.1:9/nobody-listens"
    subscription.save()
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.last_status_code is None
    assert delivery.last_error


def test_deactivated_subscriptions_wait(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    subscription = services.subscription_update(
        subscription=subscription,
        url=subscription.url,
        event_kinds=["receipt.issued"],
        active=False,
        by=manager,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert deliveries_send_due(limit=10) == 0
    with pytest.raises(ValidationError):
        services.test_event_send(subscription=subscription, by=manager)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING and len(receiver.calls) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.org/metis", guard.URL_NOT_HTTPS),
        ("https://127.0.0.1/hooks", guard.URL_PRIVATE),
        ("https://10.1.2.3/hooks", guard.URL_PRIVATE),
        ("https://192.168.0.10:8443/hooks", guard.URL_PRIVATE),
        ("https://169.254.169.254/latest/meta-data", guard.URL_PRIVATE),
        ("https://[::1]/hooks", guard.URL_PRIVATE),
        ("https://[::ffff:127.0.0.1]/hooks", guard.URL_PRIVATE),
        ("https://localhost/hooks", guard.URL_PRIVATE),
        ("ftp://hooks.example.org/", guard.URL_INVALID),
    ],
)
def test_private_or_plain_targets_are_refused(settings, manager, url, message):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(ValidationError) as error:
        services.subscription_create(
            organisation=manager.memberships.get().association,
            url=url,
            event_kinds=["receipt.issued"],
            by=manager,
        )
    assert error.value.message_dict["url"] == [str(message)]


def test_a_public_https_address_is_accepted(settings, manager):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    subscription = services.subscription_create(
        organisation=manager.memberships.get().association,
        url="https://93.184.215.14/hooks",
        event_kinds=["receipt.issued", "hours.validated"],
        by=manager,
    )
    assert subscription.active and subscription.event_kinds == ["receipt.issued", "hours.validated"]


def test_the_guard_also_stops_the_sending(
    settings, receiver, subscription, manager, django_capture_on_commit_callbacks
):
    """Allowed when saved, refused when sent (the setting changed, or the name now resolves to a
    private address): nothing leaves, the delivery is retried later."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    assert receiver.calls == []
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.last_error == str(guard.URL_NOT_HTTPS)


def test_the_payload_is_compact_json(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    send_test(subscription, manager, django_capture_on_commit_callbacks)
    body = receiver.calls[0].body
    assert body == json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()


def test_a_redirection_is_a_failure_not_followed(
    receiver, subscription, manager, django_capture_on_commit_callbacks
):
    receiver.answers = [302]
    delivery = send_test(subscription, manager, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.RETRYING and delivery.last_status_code == 302
    assert [call.path for call in receiver.calls] == ["/hooks"]


def test_the_workers_housekeeping_sends_what_the_queue_lost(receiver, subscription):
    """A delivery whose task was lost (a worker died) is sent by the next heartbeat once it is
    overdue by the grace period."""
    assert deliveries_send_due in HOUSEKEEPING
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event_kind="receipt.issued",
        payload={"id": "x", "type": "receipt.issued", "data": {}},
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=2),
    )
    worker_beat(worker_id="test-worker")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and len(receiver.calls) == 1
