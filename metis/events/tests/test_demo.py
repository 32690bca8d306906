"""The demo's events load through the services on the demo territory (the whole demo:
metis/demo/tests)."""

import pytest

from metis.demo.territory import load_demo
from metis.events.demo import load_events_demo
from metis.events.enums import EventStatus, RegistrationStatus
from metis.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_events():
    loaded = load_events_demo(load_demo())
    assert loaded["forum"].title == "Forum de l'économie sociale et solidaire"
    assert Event.objects.filter(status=EventStatus.DRAFT).count() == 1
    workshop = loaded["workshop"]
    assert workshop.registrations.confirmed().count() == workshop.capacity
    assert workshop.registrations.waiting().count() == 2
    coaching = Registration.objects.filter(event=loaded["coaching"])
    assert sorted(r.attended for r in coaching.confirmed()) == [False, True, True]
    assert coaching.filter(status=RegistrationStatus.CANCELLED).count() == 1
    assert Event.objects.upcoming().count() == 6
