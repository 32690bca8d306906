"""Events as iCalendar entries (metis.core.ical): one event's .ics (linked from the
confirmation e-mail) and the feeds of upcoming events, all or per territory."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.text import slugify

from metis.core.ical import calendar, escape, utc
from metis.core.mail import absolute_url

from .enums import EventStatus


def _host() -> str:
    return settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def vevent(event) -> list[str]:
    url = absolute_url(event.get_absolute_url())
    location = ", ".join(part for part in (event.place, event.online_url) if part)
    lines = [
        f"UID:event-{event.pk}@{_host()}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(event.description)}\\n\\n{escape(url)}",
        f"LOCATION:{escape(location)}",
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"),
    ]
    return lines


def ics_response(events, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        calendar((vevent(e) for e in events), name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{slugify(filename) or "agenda"}.ics"'
    return response
