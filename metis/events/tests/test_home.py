"""The organiser finds events from the home page and the menu: the task of attendance to mark
after the event, "Our events" in the menu; everyone finds the public list (docs/events.md)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from metis.events.models import Event
from metis.events.services.registrations import attendance_record, registration_for_user

from .factories import published_event

TASK = "Événement dont les présences sont à noter"


def test_the_attendance_task_waits_until_attendance_is_marked(client, world):
    event = published_event(organiser=world.association, by=world.manager)
    registration = registration_for_user(event=event, user=world.person)
    client.force_login(world.manager)
    home = client.get(reverse("inbox:home")).content.decode()
    assert TASK not in home and reverse("events:manage") in home
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    home = client.get(reverse("inbox:home")).content.decode()
    assert TASK in home and reverse("events:registrations", args=[event.pk]) in home
    attendance_record(event=event, present={registration.pk}, by=world.manager)
    assert TASK not in client.get(reverse("inbox:home")).content.decode()
    client.force_login(world.officer)  # the commune's officer: not the association's event
    assert TASK not in client.get(reverse("inbox:home")).content.decode()


def test_the_public_finds_the_events(client, world):
    assert reverse("events:list") in client.get(reverse("inbox:privacy")).content.decode()
