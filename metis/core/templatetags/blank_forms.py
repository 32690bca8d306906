"""`{{ form|crispy_blank }}`: `|crispy` for a form shown empty on a busy page (the participation
page's declaration of hours).

An unbound form whose fields read nothing from the database renders the same HTML for the same
class, prefix, initial values and language: that HTML is rendered once per process and kept
(crispy's templates cost a few milliseconds per form). A bound form, or one with a field that
reads its choices from the database, is rendered each time. Tested equal to `|crispy` in
metis/core/tests/test_blank_forms.py."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.utils.translation import get_language

register = template.Library()

_kept: dict = {}
KEPT_AT_MOST = 256  # one per form, language and initial date: a day holds a few


def _keepable(form) -> bool:
    return not form.is_bound and not any(
        isinstance(field, forms.ModelChoiceField) for field in form.fields.values()
    )


@register.filter
def crispy_blank(form):
    if not _keepable(form):
        return as_crispy_form(form)
    initial = tuple(sorted((name, str(value)) for name, value in form.initial.items()))
    key = (type(form), form.prefix, get_language(), initial)
    html = _kept.get(key)
    if html is None:
        if len(_kept) >= KEPT_AT_MOST:
            _kept.clear()
        html = _kept[key] = as_crispy_form(form)
    return html
