"""`|crispy_blank` renders what `|crispy` renders, keeps only what cannot change."""

import datetime

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.utils import translation

from metis.core.templatetags import blank_forms
from metis.needs.forms import ExtraHoursForm, TimeEntryForm
from metis.organisations.models import Commune


def test_a_blank_form_renders_as_crispy_renders_it_in_each_language():
    blank_forms._kept.clear()
    for language, label in (("fr", "Travail réalisé"), ("en", "What was done")):
        with translation.override(language):
            form = TimeEntryForm(initial={"date": datetime.date(2026, 12, 7)})
            kept = blank_forms.crispy_blank(form)
            assert kept == as_crispy_form(form)
            assert label in kept
            # Kept: the second time is the same text, not rendered again.
            assert blank_forms.crispy_blank(form) is kept
    assert len(blank_forms._kept) == 2


def test_another_initial_value_or_prefix_is_another_rendering():
    blank_forms._kept.clear()
    monday = blank_forms.crispy_blank(TimeEntryForm(initial={"date": datetime.date(2026, 12, 7)}))
    tuesday = blank_forms.crispy_blank(TimeEntryForm(initial={"date": datetime.date(2026, 12, 8)}))
    assert 'value="2026-12-07"' in monday
    assert 'value="2026-12-08"' in tuesday
    extra = blank_forms.crispy_blank(ExtraHoursForm())
    assert 'id="id_extra-hours"' in extra


def test_a_bound_form_is_rendered_each_time_with_its_errors():
    blank_forms._kept.clear()
    form = TimeEntryForm(data={"date": "", "hours": "-1", "description": ""})
    html = blank_forms.crispy_blank(form)
    assert html == as_crispy_form(form)
    assert "invalid-feedback" in html
    assert blank_forms._kept == {}


class _CommuneForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=Commune.objects.all())


def test_a_form_with_choices_from_the_database_is_rendered_each_time(db):
    blank_forms._kept.clear()
    assert blank_forms.crispy_blank(_CommuneForm()) == as_crispy_form(_CommuneForm())
    assert blank_forms._kept == {}
