"""The organiser's task of events (metis.events) on the home page of the commune's officer and
of the association's manager."""

from django.urls import reverse
from django.utils.translation import ngettext

from metis.events.selectors import attendance_to_mark

from ..items import Task


def attendance_task(organiser) -> Task:
    """Events over whose attendance is still to mark: the first one's registrations."""
    events = attendance_to_mark(organiser)
    url = (
        reverse("events:registrations", args=[events[0].pk]) if events else reverse("events:manage")
    )
    return Task(
        "event_attendance",
        ngettext(
            "Event whose attendance is to mark", "Events whose attendance is to mark", len(events)
        ),
        len(events),
        url,
    )
