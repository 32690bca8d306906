"""The e-mails of events (metis.core.mail: queued, sent after the transaction commits). Each
says what happens next and gives the links the person needs (docs/events.md)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from metis.core.mail import absolute_url, email_queue

from .links import CANCEL, CONFIRM, registration_link


def when(event) -> str:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if starts.date() == ends.date():
        return _("%(day)s from %(start)s to %(end)s") % {
            "day": starts.strftime("%d/%m/%Y"),
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
        }
    return _("from %(start)s to %(end)s") % {
        "start": starts.strftime("%d/%m/%Y %H:%M"),
        "end": ends.strftime("%d/%m/%Y %H:%M"),
    }


def _where(event) -> str:
    parts = []
    if event.is_on_site:
        parts.append(_("Place: %(place)s") % {"place": event.place})
    if event.is_online:
        parts.append(_("Online: %(url)s") % {"url": event.online_url})
    return "\n".join(parts)


def _cancel_line(registration) -> str:
    if registration.user_id:
        url = absolute_url(registration.event.get_absolute_url())
    else:
        url = registration_link(registration, CANCEL)
    return _("If you cannot come, cancel here to free your place: %(url)s") % {"url": url}


def _event_block(event) -> str:
    ics = absolute_url(reverse("events:ical_event", args=[event.pk]))
    return "\n".join(
        [
            f"{event.title} — {when(event)}",
            _where(event),
            _("Add it to your calendar: %(url)s") % {"url": ics},
        ]
    )


def confirm_link_send(registration) -> None:
    """A visitor confirms their e-mail address before getting a place."""
    email_queue(
        to=registration.email,
        subject=_("Confirm your registration: %(title)s") % {"title": registration.event.title},
        body=_(
            "Hello %(name)s,\n\nTo register for “%(title)s” (%(when)s), confirm your e-mail "
            "address within 7 days by following this link: %(url)s\n\nIf you did not ask for "
            "it, ignore this e-mail: nothing is recorded without your confirmation."
        )
        % {
            "name": registration.name,
            "title": registration.event.title,
            "when": when(registration.event),
            "url": registration_link(registration, CONFIRM),
        },
    )


def registered_send(registration) -> None:
    """A place is held (at once, or freed and given from the waiting list)."""
    email_queue(
        to=registration.email,
        subject=_("Your place is booked: %(title)s") % {"title": registration.event.title},
        body=_("Hello %(name)s,\n\nYour place is booked.\n\n%(event)s\n\n%(cancel)s")
        % {
            "name": registration.name,
            "event": _event_block(registration.event),
            "cancel": _cancel_line(registration),
        },
    )


def waiting_send(registration) -> None:
    email_queue(
        to=registration.email,
        subject=_("You are on the waiting list: %(title)s") % {"title": registration.event.title},
        body=_(
            "Hello %(name)s,\n\nThe event is full: you are on its waiting list. When a place "
            "is freed, the first in line gets it and an e-mail at once.\n\n%(event)s\n\n%(cancel)s"
        )
        % {
            "name": registration.name,
            "event": _event_block(registration.event),
            "cancel": _cancel_line(registration),
        },
    )


def reminder_send(registration) -> None:
    email_queue(
        to=registration.email,
        subject=_("Tomorrow: %(title)s") % {"title": registration.event.title},
        body=_("Hello %(name)s,\n\nA reminder of tomorrow's event.\n\n%(event)s\n\n%(cancel)s")
        % {
            "name": registration.name,
            "event": _event_block(registration.event),
            "cancel": _cancel_line(registration),
        },
    )


def cancelled_send(registration) -> None:
    """The organiser cancelled the event."""
    email_queue(
        to=registration.email,
        subject=_("Event cancelled: %(title)s") % {"title": registration.event.title},
        body=_(
            "Hello %(name)s,\n\nThe organiser cancelled “%(title)s” (%(when)s). Other events "
            "are listed here: %(url)s"
        )
        % {
            "name": registration.name,
            "title": registration.event.title,
            "when": when(registration.event),
            "url": absolute_url(reverse("events:list")),
        },
    )
