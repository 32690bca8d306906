from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value):
    """Hours and euros with two decimals, counts as integers; both grouped as the locale does
    (people read these; the exports stay machine-readable)."""
    if isinstance(value, Decimal):
        return floatformat(value, "2g")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value
