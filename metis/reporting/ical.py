"""A volunteer's planned participation periods as an iCalendar feed (metis.core.ical)."""

import datetime

from metis.core.ical import calendar as vcalendar
from metis.core.ical import escape


def calendar(participations, *, host: str) -> str:
    def vevent(p):
        end = p.planned_ends_on + datetime.timedelta(days=1)  # DTEND of a day is exclusive
        return [
            f"UID:participation-{p.pk}@{host}",
            f"DTSTART;VALUE=DATE:{p.planned_starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{escape(p.need.title)} — {escape(p.need.association.name)}",
            f"DESCRIPTION:{escape(f'{p.reserved_hours} h')}",
            f"LOCATION:{escape(p.need.commune.name)}",
        ]

    return vcalendar(vevent(p) for p in participations)
