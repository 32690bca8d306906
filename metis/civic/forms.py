from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import NOTE_TEXT, SHORT_TEXT
from metis.needs.enums import CIVIC_REFUSAL_REASONS
from metis.needs.forms import DateInput
from metis.organisations.fields import CommuneField


class JoinForm(forms.Form):
    """An employee names their employer; the service checks the SIREN and the e-mail."""

    siren = forms.CharField(label=_("Your employer's SIREN"), max_length=20)
    company_name = forms.CharField(label=_("Your employer's name"), max_length=SHORT_TEXT)
    commune = CommuneField(
        label=_("Commune of your workplace"),
        required=False,
        help_text=_("Needed when your employer is not known to METIS yet."),
    )
    hr_email = forms.CharField(
        label=_("E-mail of your HR contact"),
        max_length=254,
        help_text=_("They will be invited to join METIS as the company's referent."),
    )


class BookForm(forms.Form):
    """A civic day on a need: the day and one or two half-days; the service checks the rest."""

    day = forms.DateField(label=_("Day"), widget=DateInput)
    half_days = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        choices=[(2, _("A full day (7 h)")), (1, _("A half-day (3.5 h)"))],
        initial=2,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the association"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    """The employer accepts, or refuses with one of the offered reasons."""

    accept = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("I accept this civic day")), ("no", _("I refuse it"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason of the refusal"),
        required=False,
        choices=[("", "—")] + [(r.value, r.label) for r in CIVIC_REFUSAL_REASONS],
    )
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
