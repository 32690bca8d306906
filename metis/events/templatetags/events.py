"""`{% load events %}{% upcoming_events territory limit=5 %}`: a territory's next published
events, for its public pages (docs/events.md)."""

from django import template

from ..selectors import upcoming_events as upcoming

register = template.Library()


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(territory, limit=5):
    return {"territory": territory, "events": list(upcoming(territory=territory)[:limit])}
