from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    email_digest = forms.TypedChoiceField(
        label=_("E-mails"),
        choices=[("0", _("Immediately, one e-mail per notice")), ("1", _("A daily digest"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
