"""Template filters over `core.formats`: `{% load figures %}` then `|figure`, `|amount`,
`|euros`, `|percent`."""

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
    HTML as that loop in a template, written in Python: a dashboard prints hundreds of cells."""
    return mark_safe(
        "".join(
            "<tr>" + "".join(f"<td>{_cell(cell, context)}</td>" for cell in row) + "</tr>"
            for row in rows
        )
    )


def _cell(value, context):
    if value is None:
        return "—"
    text = formats.figure(value)
    if isinstance(text, str):  # figures and names: nothing to localise
        return conditional_escape(text)
    return render_value_in_context(text, context)  # dates, booleans
