"""Webhooks an organisation (a company or an association) subscribes to, and the log of their
deliveries (docs/webhooks.md)."""

import json
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: Bound of the response excerpt or error kept on a delivery.
EXCERPT_LENGTH = 500


class EventKind(models.TextChoices):
    PARTICIPATION_APPROVED = "participation.approved", _("Participation approved")
    PARTICIPATION_COMPLETED = "participation.completed", _("Participation completed")
    HOURS_VALIDATED = "hours.validated", _("Hours validated")
    HOURS_REJECTED = "hours.rejected", _("Hours rejected")
    RECEIPT_ISSUED = "receipt.issued", _("Receipt issued")
    RECEIPT_CANCELLED = "receipt.cancelled", _("Receipt cancelled")
    TEST = "webhook.test", _("Test event")


#: The kinds a subscription may choose (the test event is sent on demand only).
SUBSCRIBABLE = [kind for kind in EventKind if kind != EventKind.TEST]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    RETRYING = "retrying", _("Failed, will retry")
    GIVEN_UP = "given_up", _("Given up")


#: A delivery still to be sent (at its next_attempt_at).
DUE_STATUSES = [DeliveryStatus.PENDING, DeliveryStatus.RETRYING]


class WebhookSubscriptionQuerySet(models.QuerySet):
    def of(self, organisation):
        field = "company" if organisation._meta.model_name == "company" else "association"
        return self.filter(**{field: organisation})


class WebhookSubscription(models.Model):
    company = models.ForeignKey(
        "organisations.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
    )
    association = models.ForeignKey(
        "organisations.Association",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
    )
    url = models.URLField(_("target URL"), max_length=500)
    event_kinds = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=80)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False, association__isnull=True)
                | Q(company__isnull=True, association__isnull=False),
                name="webhook_subscription_one_organisation",
            ),
        ]

    def __str__(self):
        return self.url

    @property
    def organisation(self):
        return self.company or self.association

    @property
    def organisation_kind(self) -> str:
        """The organisation's kind as the URLs spell it."""
        return "entreprise" if self.company_id else "association"


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_kind = models.CharField(_("event"), max_length=40, choices=EventKind.choices)
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(
        _("last response or error"), max_length=EXCERPT_LENGTH, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=DUE_STATUSES),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_log"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=DUE_STATUSES) | Q(next_attempt_at__isnull=False),
                name="webhook_delivery_due_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.event_kind} {self.event_id}"

    @property
    def payload_json(self) -> str:
        return json.dumps(self.payload, indent=2, ensure_ascii=False)
