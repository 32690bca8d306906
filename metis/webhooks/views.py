"""Screens of an organisation's webhooks: its subscriptions, each one's secret and delivery log
(docs/webhooks.md). For the company's referents and the association's managers."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import done, refused, submit_form
from metis.core.permissions import permission_required
from metis.organisations.models import Association, Company

from . import services
from .forms import SubscriptionForm
from .models import WebhookSubscription

ORGANISATION_KINDS = {"entreprise": Company, "association": Association}
LOG_PAGE_SIZE = 20


def _organisation(request, kind, pk, **_kwargs):
    if kind not in ORGANISATION_KINDS:
        raise Http404
    return get_object_or_404(ORGANISATION_KINDS[kind], pk=pk)


def _subscription(request, pk, **_kwargs):
    return get_object_or_404(
        WebhookSubscription.objects.select_related("company", "association"), pk=pk
    )


@permission_required("webhooks.manage", fn=_organisation)
def subscriptions(request, kind, pk):
    organisation = _organisation(request, kind, pk)
    return render(
        request,
        "webhooks/list.html",
        {
            "organisation": organisation,
            "kind": kind,
            "subscriptions": WebhookSubscription.objects.of(organisation),
        },
    )


@permission_required("webhooks.manage", fn=_organisation)
def subscription_create(request, kind, pk):
    organisation = _organisation(request, kind, pk)
    form = SubscriptionForm(request.POST or None)
    subscription = submit_form(
        request,
        form,
        lambda data: services.subscription_create(
            organisation=organisation, by=request.user, **data
        ),
        success=_("The webhook has been created. Copy its signing secret to verify its calls."),
    )
    if subscription:
        return redirect("webhooks:detail", subscription.pk)
    return render(
        request,
        "webhooks/form.html",
        {"organisation": organisation, "kind": kind, "form": form, "subscription": None},
    )


@permission_required("webhooks.manage", fn=_subscription)
def subscription_update(request, pk):
    subscription = _subscription(request, pk)
    initial = {
        "url": subscription.url,
        "event_kinds": subscription.event_kinds,
        "active": subscription.active,
    }
    form = SubscriptionForm(request.POST or None, initial=initial, with_active=True)
    saved = submit_form(
        request,
        form,
        lambda data: services.subscription_update(
            subscription=subscription, by=request.user, **data
        ),
        success=_("The webhook has been saved."),
    )
    if saved:
        return redirect("webhooks:detail", subscription.pk)
    return render(
        request,
        "webhooks/form.html",
        {
            "organisation": subscription.organisation,
            "kind": subscription.organisation_kind,
            "form": form,
            "subscription": subscription,
        },
    )


@permission_required("webhooks.manage", fn=_subscription)
def subscription_detail(request, pk):
    subscription = _subscription(request, pk)
    page = Paginator(subscription.deliveries.order_by("-created_at", "-pk"), LOG_PAGE_SIZE)
    return render(
        request,
        "webhooks/detail.html",
        {
            "subscription": subscription,
            "organisation": subscription.organisation,
            "kind": subscription.organisation_kind,
            "page": page.get_page(request.GET.get("page")),
        },
    )


@require_POST
@permission_required("webhooks.manage", fn=_subscription)
def subscription_delete(request, pk):
    subscription = _subscription(request, pk)
    services.subscription_delete(subscription=subscription, by=request.user)
    return done(
        request,
        _("The webhook and its delivery log have been deleted."),
        "webhooks:list",
        subscription.organisation_kind,
        subscription.organisation.pk,
    )


@require_POST
@permission_required("webhooks.manage", fn=_subscription)
def secret_regenerate(request, pk):
    subscription = _subscription(request, pk)
    services.secret_regenerate(subscription=subscription, by=request.user)
    return done(
        request,
        _("A new signing secret has been generated: update it on your server."),
        "webhooks:detail",
        pk,
    )


@require_POST
@permission_required("webhooks.manage", fn=_subscription)
def test_send(request, pk):
    subscription = _subscription(request, pk)
    try:
        services.test_event_send(subscription=subscription, by=request.user)
    except ValidationError as error:
        return refused(request, error, "webhooks:detail", pk)
    return done(request, _("A test event has been sent: see the log below."), "webhooks:detail", pk)


@require_POST
@permission_required("webhooks.manage", fn=_subscription)
def redeliver(request, pk, delivery_pk):
    subscription = _subscription(request, pk)
    delivery = get_object_or_404(subscription.deliveries, pk=delivery_pk)
    try:
        services.delivery_redeliver(delivery=delivery, by=request.user)
    except ValidationError as error:
        return refused(request, error, "webhooks:detail", pk)
    return done(
        request, _("The event has been sent again: see the log below."), "webhooks:detail", pk
    )
