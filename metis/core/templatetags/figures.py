"""Template filters over `core.formats`: `{% load figures %}` then `|figure`, `|amount`,
`|euros`, `|percent`."""

from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def figure_rows(context, rows):
    """`<tr><td>…</td></tr>` for each row of cells: `—` for None, else `cell|figure`. The same
    HTML as that loop in a template, written in Python: a dashboard prints hundreds of cells,
    so the language's separators are looked up once for them all."""
    number = formats.number_writer()

    def cell(value):
        if value is None:
            return "—"
        if isinstance(value, bool):  # before int: a bool is an int
            return render_value_in_context(value, context)
        if isinstance(value, (Decimal, int)):  # digits and separators: nothing to escape
            return number(value)
        if isinstance(value, str):
            return conditional_escape(value)
        return render_value_in_context(value, context)  # dates

    return mark_safe(
        "".join("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    )
