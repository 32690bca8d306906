from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SUBSCRIBABLE


class SubscriptionForm(forms.Form):
    url = forms.URLField(
        label=_("Target URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The address of your server that receives the events (https)."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(kind.value, kind.label) for kind in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args, with_active=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_active:
            self.fields["active"] = forms.BooleanField(label=_("Active"), required=False)
