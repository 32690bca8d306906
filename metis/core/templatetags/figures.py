"""Template filters over `core.formats`: `{% load figures %}` then `|figure`, `|amount`,
`|euros`, `|percent`."""

from django import template

from metis.core import formats

register = template.Library()


@register.filter
def figure(value):
    return formats.figure(value)


@register.filter
def amount(value):
    return "" if value is None else formats.amount(value)


@register.filter
def euros(value):
    return "" if value is None else formats.euros(value)


@register.filter
def percent(value):
    return "" if value is None else formats.percent(value)
