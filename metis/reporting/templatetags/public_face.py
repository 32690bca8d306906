"""The public face on the home page (docs/evaluation.md): each operator's running total and the
territories with their impact pages. Composed in the template so that the home page (inbox)
does not import reporting."""

from django import template

from metis.reporting.public import operator_totals, public_territories

register = template.Library()


@register.inclusion_tag("reporting/_public_face.html")
def public_face():
    return {"operators": operator_totals(), "territories": public_territories()}
