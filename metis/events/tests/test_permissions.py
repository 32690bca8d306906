"""Who opens each page of events and who may act (docs/events.md): every URL name of the app,
each persona allowed or refused; a refused write leaves the database as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from metis.events.enums import EventStatus, RegistrationStatus
from metis.events.links import CANCEL, CONFIRM, registration_token
from metis.events.models import Event, Registration
from metis.events.services.events import event_create
from metis.events.services.registrations import registration_for_user, registration_request

from .factories import event_data, published_event

PERSONAS = ["anonymous", "officer", "manager", "other_manager", "person"]
ORGANISERS = {"officer", "manager", "other_manager"}


@pytest.fixture
def events(world):
    w = world
    w.commune_event = published_event(organiser=w.sceaux, by=w.officer)
    w.assoc_event = published_event(organiser=w.association, by=w.manager, capacity=5)
    w.draft = event_create(organiser=w.sceaux, data=event_data(title="Brouillon"), by=w.officer)
    w.mine = registration_for_user(event=w.assoc_event, user=w.person)
    w.people = {
        "anonymous": None,
        "officer": w.officer,
        "manager": w.manager,
        "other_manager": w.other_manager,
        "person": w.person,
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
        list(Event.objects.order_by("pk").values()),
        list(Registration.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_pages(client, events, persona):
    w = events
    client = _as(client, w, persona)
    for url in (
        reverse("events:list"),
        reverse("events:list") + "?kind=workshop&mode=on_site&territory=" + w.sceaux.slug,
        reverse("events:feed"),
        reverse("events:territory_feed", args=[w.sceaux.slug]),
        reverse("events:detail", args=[w.assoc_event.pk]),
        reverse("events:ical_event", args=[w.assoc_event.pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("events:ical_event", args=[w.draft.pk])).status_code == 404
    draft = client.get(reverse("events:detail", args=[w.draft.pk]))
    assert draft.status_code == (200 if persona == "officer" else 404)
    listed = client.get(reverse("events:list")).content.decode()
    assert w.commune_event.title in listed and "Brouillon" not in listed


@pytest.mark.parametrize("persona", PERSONAS)
def test_registering(client, events, persona):
    """Anyone registers for a published event (a visitor by e-mail, awaiting confirmation);
    nobody registers for a draft."""
    w = events
    client = _as(client, w, persona)
    before = _snapshot()
    client.post(
        reverse("events:register", args=[w.draft.pk]), {"name": "Zoé", "email": "zoe@exemple.fr"}
    )
    assert _snapshot() == before
    client.post(
        reverse("events:register", args=[w.commune_event.pk]),
        {"name": "Zoé", "email": "zoe@exemple.fr"},
    )
    registration = Registration.objects.get(event=w.commune_event)
    if persona == "anonymous":
        assert registration.status == RegistrationStatus.PENDING
        assert registration.email == "zoe@exemple.fr" and registration.user is None
    else:
        assert registration.status == RegistrationStatus.CONFIRMED
        assert registration.user == w.people[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_unregistering_is_ones_own(client, events, persona):
    w = events
    client = _as(client, w, persona)
    response = client.post(reverse("events:unregister", args=[w.assoc_event.pk]))
    w.mine.refresh_from_db()
    cancelled = w.mine.status == RegistrationStatus.CANCELLED
    assert cancelled == (persona == "person")
    if not cancelled:
        assert _refused(response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_signed_links_work_for_whoever_holds_them(client, events, persona):
    w = events
    visitor = registration_request(event=w.commune_event, name="Zoé", email="zoe@exemple.fr")
    client = _as(client, w, persona)
    for name, purpose in (("events:confirm", CONFIRM), ("events:cancel_link", CANCEL)):
        token = registration_token(visitor, purpose)
        before = _snapshot()
        assert client.post(reverse(name, args=[token[:-2] + "xx"])).status_code == 404
        assert _snapshot() == before
        assert client.get(reverse(name, args=[token])).status_code == 200
    client.post(reverse("events:confirm", args=[registration_token(visitor, CONFIRM)]))
    visitor.refresh_from_db()
    assert visitor.status == RegistrationStatus.CONFIRMED
    client.post(reverse("events:cancel_link", args=[registration_token(visitor, CANCEL)]))
    visitor.refresh_from_db()
    assert visitor.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisers_pages(client, events, persona):
    w = events
    client = _as(client, w, persona)
    for name in ("events:manage", "events:create"):
        response = client.get(reverse(name))
        if persona in ORGANISERS:
            assert response.status_code == 200
        else:
            assert _refused(response, persona)
    before = Event.objects.count()
    data = event_data(title="Nouveau")
    data["commune"] = data["commune"].pk
    data["starts_at"] = timezone.localtime(data["starts_at"]).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(data["ends_at"]).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("events:create"), data)
    created = Event.objects.filter(title="Nouveau").first()
    assert Event.objects.count() == before + (persona in ORGANISERS)
    if created:
        assert created.status == EventStatus.DRAFT
        expected = {"officer": w.sceaux, "manager": w.association}.get(persona)
        assert created.organiser == expected or persona == "other_manager"


MANAGE_PAGES = ["events:update", "events:registrations", "events:cancel"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_organiser_manages_the_event(client, events, persona):
    """The association's event: its manager only (not the commune's officer)."""
    w = events
    event = w.assoc_event
    client = _as(client, w, persona)
    allowed = persona == "manager"
    for name in MANAGE_PAGES:
        response = client.get(reverse(name, args=[event.pk]))
        assert (response.status_code == 200) == allowed, name
        if not allowed:
            assert _refused(response, persona)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("events:export", args=[event.pk, fmt]))
        assert (response.status_code == 200) == allowed
    before = _snapshot()
    data = event_data(title="Changé", capacity=9)
    data["commune"] = data["commune"].pk
    data["starts_at"] = timezone.localtime(data["starts_at"]).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(data["ends_at"]).strftime("%Y-%m-%dT%H:%M")
    if not allowed:
        client.post(reverse("events:update", args=[event.pk]), data)
        client.post(reverse("events:attendance", args=[event.pk]), {"present": [w.mine.pk]})
        client.post(reverse("events:cancel", args=[event.pk]))
        assert _snapshot() == before
        return
    client.post(reverse("events:update", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.title == "Changé"
    started = timezone.now() - datetime.timedelta(minutes=5)
    Event.objects.filter(pk=event.pk).update(starts_at=started)
    client.post(reverse("events:attendance", args=[event.pk]), {"present": [w.mine.pk]})
    w.mine.refresh_from_db()
    assert w.mine.attended is True
    client.post(reverse("events:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_organiser_publishes(client, events, persona):
    """The commune's draft: its officer only."""
    w = events
    client = _as(client, w, persona)
    response = client.post(reverse("events:publish", args=[w.draft.pk]))
    w.draft.refresh_from_db()
    published = w.draft.status == EventStatus.PUBLISHED
    assert published == (persona == "officer")
    if not published:
        assert _refused(response, persona)
