from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import SHORT_TEXT
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
