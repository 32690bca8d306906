from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import NOTE_TEXT

from .enums import SATISFACTION_MAX, SATISFACTION_MIN


class OutcomeForm(forms.Form):
    results = forms.CharField(
        label=_("What did the mission achieve?"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people_reached = forms.IntegerField(
        label=_("How many people did it reach?"),
        min_value=0,
        initial=0,
        help_text=_("The people the association helps who benefited from it, roughly."),
    )
    learnt = forms.CharField(
        label=_("What did you learn?"),
        max_length=NOTE_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(SATISFACTION_MIN, SATISFACTION_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    quote = forms.CharField(
        label=_("A sentence about the mission, for the public page (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    quote_consent = forms.BooleanField(
        label=_(
            "I agree that this sentence is published on METIS's public pages and in the "
            "territory's reports, signed with my first name and company (or the association's "
            "name). I can withdraw this consent at any time."
        ),
        required=False,
    )
