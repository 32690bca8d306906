"""A person's registrations are in their data export, pseudonymised when they erase their
account, and deleted a year after the event (docs/events.md, "Personal data")."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from metis.accounts.services import personal_data_purge
from metis.events.models import Event, Registration
from metis.events.services.registrations import registration_for_user, registration_request

from .factories import published_event


def test_export_erasure_and_purge(client, world):
    event = published_event(organiser=world.sceaux, by=world.officer)
    mine = registration_for_user(event=event, user=world.person)
    other = registration_request(event=event, name="Zoé", email="zoe@exemple.fr")
    client.force_login(world.person)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert [r["event"] for r in data["event_registrations"]] == [event.title]

    client.post(reverse("accounts:erase"), {"confirm": "EFFACER"})
    mine.refresh_from_db()
    assert world.person.email not in mine.email and mine.name != "Alice Martin"
    assert Registration.objects.get(pk=other.pk).email == "zoe@exemple.fr"

    ended = timezone.now() - datetime.timedelta(days=400)
    Event.objects.filter(pk=event.pk).update(
        starts_at=ended - datetime.timedelta(hours=2), ends_at=ended
    )
    assert personal_data_purge()["event_registrations"] == 2
    assert not Registration.objects.exists()
