"""A need's card: its distance from the person's commune, after the need's commune."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

# Where the catalogue's kept results (needs.catalogue_cache) put each card's distance: the
# results are kept for everybody, the distances are the person's.
DISTANCE_MARK = "<!--distance:%d-->"


def distance_text(km) -> str:
    """ " (3 km away)", " (less than 1 km away)", or "" when the distance is unknown."""
    if km is None:
        return ""
    if km < 1:
        away = _("less than 1 km away")  # not inside the f-string: makemessages would miss it
    else:
        away = _("%(km)s km away") % {"km": floatformat(km, "0")}
    return f" ({away})"


@register.simple_tag(takes_context=True)
def distance_away(context, need):
    if context.get("distances_later"):
        return mark_safe(DISTANCE_MARK % need.pk)
    return distance_text(getattr(need, "distance_km", None))
