from django import template

from metis.core.history import reason_label

register = template.Library()


@register.filter
def change_reason(code):
    """The French label of a history row's change reason (nothing for an unknown code)."""
    return reason_label(code)
