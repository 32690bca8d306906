"""Reads of events (docs/events.md): the public list and its filters, a territory's upcoming
events, an organiser's events, the registrations of one event."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from .enums import RegistrationStatus
from .models import Event
from .organisers import organised_by, organiser_fields


def upcoming_events(*, territory=None, kind="", mode="", date_from=None, date_to=None):
    events = Event.objects.upcoming().select_related("territory", "commune")
    if territory is not None:
        events = events.filter(territory=territory)
    if kind:
        events = events.filter(kind=kind)
    if mode == "online":
        events = events.exclude(online_url="")
    elif mode == "on_site":
        events = events.filter(commune__isnull=False)
    if date_from:
        events = events.filter(ends_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(starts_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events.with_places()


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def events_of_organiser(user):
    return (
        Event.objects.filter(organised_by(user))
        .select_related("territory", "commune")
        .with_places()
        .order_by("-starts_at", "pk")
    )


def places_annotation():
    return {
        "registered": Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        ),
        "waiting": Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
        ),
    }


def registrations_of(event):
    """The event's registrations for its organiser: places, the waiting list (in its order),
    visitors awaiting their e-mail's confirmation, the cancelled."""
    rows = event.registrations.select_related("user")
    return {
        "confirmed": list(rows.confirmed().order_by("name", "pk")),
        "waiting": list(rows.waiting()),
        "pending": list(rows.filter(status=RegistrationStatus.PENDING).order_by("created_at")),
        "cancelled": list(rows.filter(status=RegistrationStatus.CANCELLED).order_by("name")),
    }


ATTENDANCE_DAYS = 30  # an event's attendance is asked for this long after its start


def attendance_to_mark(organiser) -> list:
    """The organiser's events started in the last ATTENDANCE_DAYS days whose attendance is not
    marked yet (the home page's task)."""
    now = timezone.now()
    return list(
        Event.objects.filter(**organiser_fields(organiser))
        .published()
        .filter(
            starts_at__lte=now,
            starts_at__gte=now - datetime.timedelta(days=ATTENDANCE_DAYS),
            registrations__status=RegistrationStatus.CONFIRMED,
            registrations__attended__isnull=True,
        )
        .distinct()
        .order_by("starts_at")
    )
