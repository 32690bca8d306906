"""Registrations (docs/events.md): a person with an account registers in one click; a visitor
gives a name and an e-mail and confirms it through a signed link before getting a place. A
place is given while the capacity allows, else a place on the waiting list; a freed place goes
at once to the first in line. Every service locks the event's row first, so two people never
take the last place together."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ACTIVE_REGISTRATION, EventStatus, RegistrationStatus
from ..mails import confirm_link_send, registered_send, waiting_send
from ..models import Event, Registration
from ..organisers import may_organise

NOT_OPEN = _("This event does not take registrations.")
ALREADY_STARTED = _("This event has started: registrations are closed.")
ALREADY_REGISTERED = _("This e-mail address is registered for this event already.")
NOT_ACTIVE = _("This registration is cancelled already.")
NOT_STARTED = _("Attendance is marked once the event has started.")
NOT_THE_ORGANISER = _("Only the event's organiser manages it.")
EVENT_CANCELLED = _("This event is cancelled.")
# A visitor asking again for the same event gets the link again only after this long (nobody
# floods an address with confirmation e-mails).
RESEND_AFTER = datetime.timedelta(minutes=10)


def _lock(event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _check_open(event, now):
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(NOT_OPEN, code="not_open")
    if event.starts_at <= now:
        raise ValidationError(ALREADY_STARTED, code="started")


def _has_room(event) -> bool:
    return event.capacity is None or event.registrations.confirmed().count() < event.capacity


def _place(registration, event, now) -> Registration:
    """Give a place when one is free, else a place on the waiting list; e-mail the outcome."""
    registration.event = event
    registration.confirmed_at = now
    registration.cancelled_at = None
    registration.reminded_at = None
    registration.attended = None
    if _has_room(event) and not event.registrations.waiting().exists():
        registration.status = RegistrationStatus.CONFIRMED
        registration.waiting_since = None
        registration.save()
        registered_send(registration)
    else:
        registration.status = RegistrationStatus.WAITING
        registration.waiting_since = now
        registration.save()
        waiting_send(registration)
    return registration


def places_fill(event, now=None) -> list[Registration]:
    """Give the free places to the waiting list, first in line first (each gets an e-mail).
    Called with the event's row locked, by every service that frees or adds places."""
    if event.status != EventStatus.PUBLISHED or event.starts_at <= (now or timezone.now()):
        return []
    promoted = []
    waiting = list(event.registrations.waiting())
    while waiting and _has_room(event):
        registration = waiting.pop(0)
        registration.event = event
        registration.status = RegistrationStatus.CONFIRMED
        registration.waiting_since = None
        registration.save(update_fields=["status", "waiting_since", "updated_at"])
        registered_send(registration)
        promoted.append(registration)
    return promoted


def _existing(event, email):
    registration = Registration.objects.filter(event=event, email=email).first()
    if registration and registration.status in ACTIVE_REGISTRATION:
        raise ValidationError({"email": ALREADY_REGISTERED}, code="already_registered")
    return registration or Registration(event=event, email=email)


@transaction.atomic
def registration_for_user(*, event, user, now=None) -> Registration:
    """One click: the person's account gives the name and e-mail."""
    now = now or timezone.now()
    event = _lock(event)
    _check_open(event, now)
    registration = _existing(event, user.email.lower())
    registration.user = user
    registration.name = user.get_full_name() or user.email
    return _place(registration, event, now)


@transaction.atomic
def registration_request(*, event, name: str, email: str, now=None) -> Registration:
    """A visitor without an account: recorded as awaiting the confirmation of their e-mail
    (no place held), and sent the signed link that confirms it."""
    now = now or timezone.now()
    event = _lock(event)
    _check_open(event, now)
    registration = _existing(event, email.strip().lower())
    recently = (
        registration.status == RegistrationStatus.PENDING
        and registration.updated_at > now - RESEND_AFTER
    )
    registration.name = " ".join(name.split())
    registration.user = None
    registration.status = RegistrationStatus.PENDING
    registration.waiting_since = None
    registration.attended = None
    registration.save()
    if not recently:
        confirm_link_send(registration)
    return registration


@transaction.atomic
def registration_confirm(*, registration, now=None) -> Registration:
    """The visitor followed their link: a place, or the waiting list. Following it again
    changes nothing."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status in ACTIVE_REGISTRATION:
        return registration
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(NOT_ACTIVE, code="cancelled")
    _check_open(event, now)
    return _place(registration, event, now)


@transaction.atomic
def registration_cancel(*, registration, now=None) -> Registration:
    """The registrant frees their place (or leaves the waiting list); a freed place goes to the
    first in line at once."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(NOT_ACTIVE, code="cancelled")
    if event.starts_at <= now and registration.status == RegistrationStatus.CONFIRMED:
        raise ValidationError(ALREADY_STARTED, code="started")
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.waiting_since = None
    registration.attended = None
    registration.save()
    places_fill(event, now)
    registration.event = event
    return registration


@transaction.atomic
def attendance_record(*, event, present: set[int], by, now=None) -> int:
    """After the start, the organiser marks who came among the registered (the others are
    marked absent). Returns the number present."""
    now = now or timezone.now()
    event = _lock(event)
    if not may_organise(by, event.organiser):
        raise ValidationError(NOT_THE_ORGANISER, code="not_the_organiser")
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(EVENT_CANCELLED, code="cancelled")
    if event.starts_at > now:
        raise ValidationError(NOT_STARTED, code="not_started")
    confirmed = event.registrations.confirmed()
    came = confirmed.filter(pk__in=present).update(attended=True, updated_at=now)
    confirmed.exclude(pk__in=present).update(attended=False, updated_at=now)
    return came
