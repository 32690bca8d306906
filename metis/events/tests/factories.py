"""Events built through the services (metis.events.services), for the tests."""

import datetime

from django.utils import timezone

from metis.organisations.tests.factories import commune

from ..services.events import event_create, event_publish


def event_data(**overrides) -> dict:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    data = {
        "kind": "workshop",
        "title": "Atelier financement participatif",
        "description": "Préparer sa campagne de financement participatif.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "address": "1 rue du Tiers-Lieu",
        "commune": commune(),
        "online_url": "",
        "capacity": 2,
    }
    data.update(overrides)
    return data


def published_event(*, organiser, by, **overrides):
    event = event_create(organiser=organiser, data=event_data(**overrides), by=by)
    return event_publish(event=event, by=by)
