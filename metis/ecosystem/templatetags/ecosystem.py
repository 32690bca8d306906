"""`{% ecosystem_summary territory %}`: the local ecosystem's block for a territory's dashboard
(charters in force, awaiting signatures or the council, this year's actions)."""

from django import template
from django.utils import timezone

from ..selectors import territory_summary

register = template.Library()


@register.inclusion_tag("ecosystem/_summary.html")
def ecosystem_summary(territory, year=None):
    return {"summary": territory_summary(territory, year or timezone.localdate().year)}
