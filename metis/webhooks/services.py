"""Writes of webhooks: subscriptions (create, change, delete, new secret), the events emitted
to them, a test event and a redelivery (docs/webhooks.md)."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .guard import target_check
from .models import (
    SUBSCRIBABLE,
    DeliveryStatus,
    EventKind,
    WebhookDelivery,
    WebhookSubscription,
)
from .sending import deliveries_enqueue

# Messages (tests import them).
EVENTS_REQUIRED = _("Choose at least one event.")
EVENT_UNKNOWN = _("Unknown event: %(kind)s.")
TOO_MANY = _("An organisation has at most %(count)s webhooks: delete one first.")
INACTIVE = _("This webhook is deactivated: activate it first.")

MAX_SUBSCRIPTIONS = 10


def secret_new() -> str:
    return "whsec_" + secrets.token_hex(24)


def _checked(url: str, event_kinds) -> tuple[str, list[str]]:
    url = (url or "").strip()
    target_check(url, resolve=False)
    kinds = list(dict.fromkeys(event_kinds or []))
    if not kinds:
        raise ValidationError({"event_kinds": ValidationError(EVENTS_REQUIRED, code="required")})
    for kind in kinds:
        if kind not in SUBSCRIBABLE:
            raise ValidationError(
                {
                    "event_kinds": ValidationError(
                        EVENT_UNKNOWN, code="unknown", params={"kind": kind}
                    )
                }
            )
    return url, kinds


@transaction.atomic
def subscription_create(*, organisation, url: str, event_kinds, by) -> WebhookSubscription:
    """A new active subscription of the company or association, with a new signing secret."""
    url, kinds = _checked(url, event_kinds)
    organisation = type(organisation).objects.select_for_update().get(pk=organisation.pk)
    if WebhookSubscription.objects.of(organisation).count() >= MAX_SUBSCRIPTIONS:
        raise ValidationError(TOO_MANY, code="too_many", params={"count": MAX_SUBSCRIPTIONS})
    field = "company" if organisation._meta.model_name == "company" else "association"
    return WebhookSubscription.objects.create(
        **{field: organisation},
        url=url,
        event_kinds=kinds,
        secret=secret_new(),
        created_by=by,
    )


@transaction.atomic
def subscription_update(*, subscription, url: str, event_kinds, active: bool, by):
    """Change the address, the events or whether it is active (a deactivated subscription
    receives no new event; its deliveries still due wait until it is active again)."""
    url, kinds = _checked(url, event_kinds)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.url, subscription.event_kinds, subscription.active = url, kinds, bool(active)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, subscription, by) -> None:
    """Delete it with its delivery log."""
    WebhookSubscription.objects.filter(pk=subscription.pk).delete()


@transaction.atomic
def secret_regenerate(*, subscription, by) -> WebhookSubscription:
    """A new signing secret: the deliveries sent from now on are signed with it."""
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.secret = secret_new()
    subscription.save(update_fields=["secret"])
    return subscription


def _delivery(subscription, kind: str, data: dict, now) -> WebhookDelivery:
    event_id = uuid.uuid4()
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event_kind=kind,
        event_id=event_id,
        payload={"id": str(event_id), "type": kind, "created_at": now.isoformat(), "data": data},
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
    )


@transaction.atomic(savepoint=False)
def event_emit(*, kind: str, data: dict, company=None, association=None) -> list[WebhookDelivery]:
    """One delivery per active subscription of the company or the association that chose
    `kind`; they are sent once the current transaction commits (none if it rolls back). Within
    the writer's transaction, without a savepoint of its own: nothing catches its errors."""
    concerned = Q(pk__in=[])
    if company is not None:
        concerned |= Q(company=company)
    if association is not None:
        concerned |= Q(association=association)
    now = timezone.now()
    deliveries = [
        _delivery(subscription, kind, data, now)
        for subscription in WebhookSubscription.objects.filter(concerned, active=True)
        if kind in subscription.event_kinds
    ]
    deliveries_enqueue([delivery.pk for delivery in deliveries])
    return deliveries


@transaction.atomic
def test_event_send(*, subscription, by) -> WebhookDelivery:
    """A `webhook.test` event to this subscription only, whatever events it chose."""
    if not subscription.active:
        raise ValidationError(INACTIVE, code="inactive")
    organisation = subscription.organisation
    delivery = _delivery(
        subscription,
        EventKind.TEST,
        {
            "subscription_id": subscription.pk,
            f"{organisation._meta.model_name}_id": organisation.pk,
            "sent_by_id": by.pk,
        },
        timezone.now(),
    )
    deliveries_enqueue([delivery.pk])
    return delivery


@transaction.atomic
def delivery_redeliver(*, delivery, by) -> WebhookDelivery:
    """Send the delivery again now (same event id, same payload), whatever its status; if it
    fails, the back-off goes on from its attempts (given up after the last one)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.subscription.active:
        raise ValidationError(INACTIVE, code="inactive")
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    deliveries_enqueue([delivery.pk])
    return delivery
