from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LONG_TEXT, SHORT_TEXT
from metis.organisations.fields import CommuneField
from metis.organisations.models import Territory

from .enums import EventKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=SHORT_TEXT)
    description = forms.CharField(
        label=_("Description"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What people will do or learn, for whom, what to bring."),
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput)
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("For an event on site, with its commune below."),
    )
    commune = CommuneField(label=_("Commune"), required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        help_text=_("For an event online (video call, live stream)."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Places offered; beyond them, a waiting list. Empty: no limit."),
    )

    @classmethod
    def initial_of(cls, event) -> dict:
        return {name: getattr(event, name) for name in cls.base_fields}


class VisitorForm(forms.Form):
    """Registering without an account."""

    name = forms.CharField(label=_("Your name"), max_length=SHORT_TEXT)
    email = forms.EmailField(
        label=_("Your e-mail"),
        help_text=_("You will receive a link to confirm it, then your place and its reminder."),
    )


class FilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.filter(events__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label=_("All territories"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds"))] + EventKind.choices, required=False
    )
    mode = forms.ChoiceField(
        label=_("Where"),
        choices=[("", _("On site or online")), ("on_site", _("On site")), ("online", _("Online"))],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
