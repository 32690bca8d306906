"""The iCal output: one event's file and the feeds of upcoming events parse (RFC 5545 lines,
unfolded) and hold the events, the per-territory feed only that territory's."""

import datetime

import pytest
from django.urls import reverse

from metis.events.services.events import event_cancel
from metis.organisations.tests.factories import TerritoryFactory, commune

from .factories import published_event


def _parse(text: str) -> list[dict]:
    """The VEVENTs of an iCalendar text, each as {property name: value}; checks the lines."""
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.replace("\r\n ", "").split("\r\n")[:-1]
    assert all(len(line.encode()) for line in lines)
    assert all(len(raw.encode()) <= 75 for raw in text.split("\r\n"))
    events, current = [], None
    for line in lines:
        name, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name.split(";")[0]] = value
    return events


def test_the_feeds_hold_the_upcoming_events(client, world):
    lyon = TerritoryFactory(commune=commune("69123"))
    sceaux_event = published_event(
        organiser=world.sceaux,
        by=world.officer,
        title="Forum de l'économie sociale, solidaire et citoyenne; édition 2026",
    )
    lyon_officer = __import__("metis.accounts.tests.factories", fromlist=["member"]).member(
        "territory_officer", lyon
    )
    lyon_event = published_event(
        organiser=lyon, by=lyon_officer, title="Hackathon", commune=commune("69123")
    )
    cancelled = published_event(organiser=world.sceaux, by=world.officer, title="Annulé")
    event_cancel(event=cancelled, by=world.officer)

    response = client.get(reverse("events:feed"))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = _parse(response.content.decode())
    summaries = {e["SUMMARY"] for e in parsed}
    assert summaries == {
        "Forum de l'économie sociale\\, solidaire et citoyenne\\; édition 2026",
        "Hackathon",
    }
    forum = next(e for e in parsed if e["SUMMARY"].startswith("Forum"))
    start = sceaux_event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert forum["DTSTART"] == start
    assert forum["UID"].startswith(f"event-{sceaux_event.pk}@")
    assert "Sceaux" in forum["LOCATION"]

    mine = _parse(client.get(reverse("events:territory_feed", args=[lyon.slug])).content.decode())
    assert [e["UID"].split("@")[0] for e in mine] == [f"event-{lyon_event.pk}"]

    single = _parse(client.get(reverse("events:ical_event", args=[cancelled.pk])).content.decode())
    assert single[0]["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("limit", [1, 5])
def test_the_template_tag_lists_a_territorys_next_events(world, limit):
    from django.template import Context, Template

    for title in ("Atelier A", "Atelier B"):
        published_event(organiser=world.sceaux, by=world.officer, title=title)
    html = Template(
        "{% load events %}{% upcoming_events territory limit=" + str(limit) + " %}"
    ).render(Context({"territory": world.sceaux}))
    assert ("Atelier A" in html) and (("Atelier B" in html) == (limit > 1))
    assert reverse("events:territory_feed", args=[world.sceaux.slug]) in html
