"""The matching core's recommendations shown on the screens of the mission cycle: the needs'
templates load these tags, so that metis.needs never imports metis.allocations (layers in
docs/architecture.md)."""

from django import template

from ..recommendations import needs_for_volunteer, recommend_volunteers

register = template.Library()


@register.inclusion_tag("allocations/_recommended_volunteers.html", takes_context=True)
def recommended_volunteers(context, need):
    return {
        "need": need,
        "recommendations": recommend_volunteers(need),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def recommended_needs(user, limit=30):
    """Needs for the volunteer, best suited first (each with `.score` and `.reasons`)."""
    return needs_for_volunteer(user, limit=limit)
