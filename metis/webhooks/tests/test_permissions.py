"""Who opens each webhook page and who may act (docs/webhooks.md): every URL name of the app,
each persona allowed or refused; a refused write leaves the database as it was."""

import pytest
from django.urls import reverse

from metis.accounts.enums import Role
from metis.accounts.tests.factories import member
from metis.organisations.tests.factories import AssociationFactory, CompanyFactory
from metis.webhooks import services
from metis.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "referent", "manager", "employee", "other_referent", "other_manager"]
#: Who manages the company's webhooks, who the association's.
OWNERS = {"company": "referent", "association": "manager"}


class World:
    pass


@pytest.fixture
def world():
    w = World()
    w.company, w.association = CompanyFactory(), AssociationFactory()
    other_company, other_association = CompanyFactory(), AssociationFactory()
    w.people = {
        "anonymous": None,
        "referent": member(Role.COMPANY_REFERENT, w.company),
        "manager": member(Role.ASSOCIATION_MANAGER, w.association),
        "employee": member(Role.EMPLOYEE, w.company),
        "other_referent": member(Role.COMPANY_REFERENT, other_company),
        "other_manager": member(Role.ASSOCIATION_MANAGER, other_association),
    }
    w.hooks = {
        "company": services.subscription_create(
            organisation=w.company,
            url="http://127.0.0.1:9/c",
            event_kinds=["receipt.issued"],
            by=w.people["referent"],
        ),
        "association": services.subscription_create(
            organisation=w.association,
            url="http://127.0.0.1:9/a",
            event_kinds=["hours.validated"],
            by=w.people["manager"],
        ),
    }
    w.deliveries = {
        side: WebhookDelivery.objects.create(
            subscription=hook,
            event_kind="receipt.issued",
            payload={"data": {}},
            status=DeliveryStatus.GIVEN_UP,
            attempts=7,
        )
        for side, hook in w.hooks.items()
    }
    w.organisations = {
        "company": ("entreprise", w.company),
        "association": ("association", w.association),
    }
    return w


def _as(client, w, persona):
    if w.people[persona]:
        client.force_login(w.people[persona])
    return client


def _refused(response, persona):
    if persona == "anonymous":
        return response.status_code == 302 and response.url.startswith(reverse("account_login"))
    return response.status_code in (403, 404)


def _snapshot():
    return (
        list(WebhookSubscription.objects.order_by("pk").values()),
        list(WebhookDelivery.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("side", ["company", "association"])
def test_pages(client, world, persona, side):
    w = world
    client = _as(client, w, persona)
    kind, organisation = w.organisations[side]
    hook, delivery = w.hooks[side], w.deliveries[side]
    urls = [
        reverse("webhooks:list", args=[kind, organisation.pk]),
        reverse("webhooks:create", args=[kind, organisation.pk]),
        reverse("webhooks:detail", args=[hook.pk]),
        reverse("webhooks:detail", args=[hook.pk]) + "?page=2",
        reverse("webhooks:update", args=[hook.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if persona == OWNERS[side]:
            assert response.status_code == 200, url
        else:
            assert _refused(response, persona), url
    detail = client.get(reverse("webhooks:detail", args=[hook.pk])).content.decode()
    assert (hook.secret in detail) == (persona == OWNERS[side])
    assert (str(delivery.event_id) in detail) == (persona == OWNERS[side])


def test_an_unknown_organisation_kind_is_not_found(client, world):
    client.force_login(world.people["referent"])
    response = client.get(reverse("webhooks:list", args=["territoire", world.company.pk]))
    assert response.status_code == 404


def _writes(w, side):
    kind, organisation = w.organisations[side]
    hook, delivery = w.hooks[side], w.deliveries[side]
    return [
        (
            reverse("webhooks:create", args=[kind, organisation.pk]),
            {"url": "http://127.0.0.1:9/new", "event_kinds": ["hours.validated"]},
            lambda: WebhookSubscription.objects.filter(url="http://127.0.0.1:9/new").exists(),
        ),
        (
            reverse("webhooks:update", args=[hook.pk]),
            {"url": hook.url + "/v2", "event_kinds": ["hours.rejected"], "active": "on"},
            lambda: WebhookSubscription.objects.get(pk=hook.pk).event_kinds == ["hours.rejected"],
        ),
        (
            reverse("webhooks:regenerate_secret", args=[hook.pk]),
            {},
            lambda: WebhookSubscription.objects.get(pk=hook.pk).secret != hook.secret,
        ),
        (
            reverse("webhooks:test", args=[hook.pk]),
            {},
            lambda: hook.deliveries.filter(event_kind="webhook.test").exists(),
        ),
        (
            reverse("webhooks:redeliver", args=[hook.pk, delivery.pk]),
            {},
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING,
        ),
        (
            reverse("webhooks:delete", args=[hook.pk]),
            {},
            lambda: not WebhookSubscription.objects.filter(pk=hook.pk).exists(),
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("side", ["company", "association"])
def test_writes(client, world, persona, side):
    w = world
    client = _as(client, w, persona)
    for url, data, written in _writes(w, side):
        before = _snapshot()
        response = client.post(url, data)
        if persona == OWNERS[side]:
            assert response.status_code == 302, url
            assert written(), url
        else:
            assert _refused(response, persona), url
            assert _snapshot() == before, url


def test_a_delivery_of_another_subscription_is_not_found(client, world):
    w = world
    client.force_login(w.people["referent"])
    url = reverse(
        "webhooks:redeliver", args=[w.hooks["company"].pk, w.deliveries["association"].pk]
    )
    assert client.post(url).status_code == 404


def test_errors_in_french(client, world, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    client.force_login(world.people["manager"])
    url = reverse("webhooks:create", args=["association", world.association.pk])
    page = client.post(url, {"url": "http://hooks.example.org/x"}).content.decode()
    assert "Choisissez au moins un événement." in page
    page = client.post(
        url, {"url": "http://hooks.example.org/x", "event_kinds": ["receipt.issued"]}
    )
    assert "doit commencer par https://" in page.content.decode()
    page = client.post(url, {"url": "https://10.0.0.8/x", "event_kinds": ["receipt.issued"]})
    assert "réseau privé" in page.content.decode()
    assert WebhookSubscription.objects.filter(association=world.association).count() == 1


def test_the_organisation_pages_and_menus_link_to_the_webhooks(client, world):
    w = world
    client.force_login(w.people["referent"])
    page = client.get(reverse("organisations:company_detail", args=[w.company.pk])).content.decode()
    assert reverse("webhooks:list", args=["entreprise", w.company.pk]) in page
    client.force_login(w.people["manager"])
    page = client.get(reverse("organisations:association_detail", args=[w.association.pk]))
    assert reverse("webhooks:list", args=["association", w.association.pk]) in page.content.decode()
