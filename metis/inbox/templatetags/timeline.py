"""The participation timeline on the mission cycle's pages: the needs' templates load this tag,
so that metis.needs never imports the documents it shows (layers in docs/architecture.md)."""

from django import template

from ..timeline import participation_timeline as timeline_for

register = template.Library()


@register.inclusion_tag("inbox/_timeline.html")
def participation_timeline(participation, user):
    return {"timeline": timeline_for(participation, user)}
