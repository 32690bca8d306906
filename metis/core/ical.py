"""iCalendar (RFC 5545) written by hand, the one way the platform writes calendars (the
volunteer's agenda in metis.reporting, the events of metis.events): CRLF line ends, escaped
text, lines folded at 75 octets, times in UTC."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

PRODID = "-//METIS//Agenda//FR"


def escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(vevents: Iterable[list[str]], *, name: str = "") -> str:
    """A VCALENDAR holding `vevents`, each the property lines of one VEVENT (values already
    escaped, see `escape`)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    stamp = utc(timezone.now())
    for properties in vevents:
        lines += ["BEGIN:VEVENT", f"DTSTAMP:{stamp}", *properties, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
