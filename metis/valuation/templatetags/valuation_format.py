"""Template filters for amounts in the active language (French: ``12 000,00 €``)."""

from decimal import Decimal

from django import template

from ..presentation import format_euros, format_rate

register = template.Library()


@register.filter
def euros(value: Decimal | None) -> str:
    return "" if value is None else format_euros(value)


@register.filter
def rate(value: Decimal | None) -> str:
    return "" if value is None else format_rate(value)
