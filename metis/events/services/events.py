"""An event's life cycle (docs/events.md): drafted by its organiser, published (then listed and
open to registrations), updated, cancelled (registrants told). Each service locks the event's
row, checks its starting state and who acts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ACTIVE_REGISTRATION, EventStatus
from ..mails import cancelled_send
from ..models import Event
from ..organisers import (
    NOT_AN_ORGANISER,
    home_territory,
    may_organise,
    organiser_fields,
)
from .registrations import places_fill

FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "address",
    "commune",
    "online_url",
    "capacity",
)
NOT_THE_ORGANISER = _("Only the event's organiser manages it.")
ENDS_BEFORE_START = _("The event must end after it starts.")
PLACE_OR_ONLINE = _("Give the address and the commune, or the online link (or both).")
ADDRESS_WITHOUT_COMMUNE = _("Give the commune of the address.")
CAPACITY_POSITIVE = _("The capacity is at least one place (leave it empty for no limit).")
CAPACITY_BELOW_REGISTERED = _(
    "%(count)s people are registered already: the capacity cannot be lower."
)
NOT_A_DRAFT = _("Only a draft is published.")
ALREADY_CANCELLED = _("This event is cancelled: it cannot change any more.")
STARTS_IN_THE_PAST = _("The event starts in the past: correct its dates before publishing it.")


def _check_organiser(event_or_organiser, by):
    organiser = getattr(event_or_organiser, "organiser", event_or_organiser)
    if not may_organise(by, organiser):
        raise ValidationError(NOT_THE_ORGANISER, code="not_the_organiser")


def _clean(data: dict) -> dict:
    values = {field: data.get(field) for field in FIELDS}
    for text in ("address", "online_url", "title", "description"):
        values[text] = (values[text] or "").strip()
    for line in ("title", "address"):  # one line each (the title is an e-mail's subject)
        values[line] = " ".join(values[line].split())
    errors = {}
    if values["starts_at"] and values["ends_at"] and values["ends_at"] <= values["starts_at"]:
        errors["ends_at"] = ENDS_BEFORE_START
    if values["address"] and not values["commune"]:
        errors["commune"] = ADDRESS_WITHOUT_COMMUNE
    elif not (values["address"] and values["commune"]) and not values["online_url"]:
        errors["address"] = PLACE_OR_ONLINE
    if values["capacity"] is not None and values["capacity"] < 1:
        errors["capacity"] = CAPACITY_POSITIVE
    if errors:
        raise ValidationError(errors)
    return values


def _lock(event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def event_create(*, organiser, data: dict, by) -> Event:
    """A draft event of `organiser` (a Territory or an Association, metis/events/organisers.py),
    listed on its home territory's pages once published."""
    if not may_organise(by, organiser):
        raise ValidationError(NOT_AN_ORGANISER, code="not_an_organiser")
    event = Event(
        **organiser_fields(organiser),
        territory=home_territory(organiser),
        created_by=by,
        status=EventStatus.DRAFT,
        **_clean(data),
    )
    event.save()
    return event


@transaction.atomic
def event_update(*, event, data: dict, by) -> Event:
    """Change a draft or published event; a larger capacity gives places to the waiting list."""
    event = _lock(event)
    _check_organiser(event, by)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(ALREADY_CANCELLED, code="cancelled")
    values = _clean(data)
    registered = event.registrations.confirmed().count()
    if values["capacity"] is not None and values["capacity"] < registered:
        raise ValidationError(
            {"capacity": CAPACITY_BELOW_REGISTERED % {"count": registered}},
        )
    for field, value in values.items():
        setattr(event, field, value)
    event.save()
    places_fill(event)
    return event


@transaction.atomic
def event_publish(*, event, by, now=None) -> Event:
    now = now or timezone.now()
    event = _lock(event)
    _check_organiser(event, by)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    if event.starts_at <= now:
        raise ValidationError(STARTS_IN_THE_PAST, code="in_the_past")
    event.status = EventStatus.PUBLISHED
    event.published_at = now
    event.save(update_fields=["status", "published_at", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, event, by, now=None) -> Event:
    """Cancel a draft or published event: everyone registered or waiting gets an e-mail."""
    event = _lock(event)
    _check_organiser(event, by)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(ALREADY_CANCELLED, code="cancelled")
    event.status = EventStatus.CANCELLED
    event.cancelled_at = now or timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    for registration in event.registrations.filter(status__in=ACTIVE_REGISTRATION):
        registration.event = event
        cancelled_send(registration)
    return event
