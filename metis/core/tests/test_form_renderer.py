"""The form renderer writes `<select>` widgets in Python: the HTML must be Django's own,
character for character, whatever the options, groups, attributes and selection."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from metis.core.form_renderer import FormRenderer
from metis.needs.forms import CatalogueForm

CHOICES = [
    ("", "Tous"),
    ("a&b", 'Label with <b>markup</b> & "quotes"'),
    (3, "Trois"),
    ("Groupe <1>", [("g1", "Un"), ("g2", "Deux")]),
]


class Sample(forms.Form):
    single = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "class": 'x"y', "disabled": False}),
    )
    flag = forms.NullBooleanField(required=False)
    autofocused = forms.ChoiceField(
        choices=[("1", "Oui")], widget=forms.Select(attrs={"autofocus": True})
    )


def both(bound_field):
    widget = bound_field.field.widget
    attrs = bound_field.build_widget_attrs(widget.attrs)
    fast = widget.render(bound_field.html_name, bound_field.value(), attrs, FormRenderer())
    reference = widget.render(bound_field.html_name, bound_field.value(), attrs, DjangoTemplates())
    return fast, reference


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"single": "a&b", "several": ["g2", "3"], "flag": "true"},
        {"single": "nothing of the list", "several": ["a&b"], "autofocused": "1"},
    ],
)
def test_selects_are_written_as_the_templates_write_them(data):
    form = Sample(data)
    form.is_valid()
    for name in ("single", "several", "flag", "autofocused"):
        fast, reference = both(form[name])
        assert fast == reference
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;" in both(form["single"])[0]


@pytest.mark.django_db
def test_the_catalogue_form_is_unchanged(reference_data):
    form = CatalogueForm({"skill": "", "format": "remote", "distance": "20", "tri": "date"})
    form.is_valid()
    for name in CatalogueForm.SELECTS:
        fast, reference = both(form[name])
        assert fast == reference
        assert fast.count("<option") > 1


def test_other_widgets_still_use_the_templates():
    form = Sample()
    assert FormRenderer().render(
        "django/forms/widgets/input.html",
        {"widget": {"type": "text", "name": "q", "value": "x", "attrs": {"id": "id_q"}}},
    ) == DjangoTemplates().render(
        "django/forms/widgets/input.html",
        {"widget": {"type": "text", "name": "q", "value": "x", "attrs": {"id": "id_q"}}},
    )
    assert 'name="single"' in str(form["single"])
