from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from metis.organisations.fields import CommuneField
from metis.skills.choices import skill_choices
from metis.skills.models import Skill

from .catalogue import DISTANCES_KM, SORTS, Criteria, has_centre, person_commune
from .enums import NeedFormat, RefusalReason, RejectionReason, WithdrawalReason
from .services.needs import programmes_for_association


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _skills():
    return Skill.objects.filter(parent__isnull=False).order_by("label_fr")


class NeedForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label=_("Programme"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 5})
    )
    skills_required = forms.ModelMultipleChoiceField(
        queryset=_skills(),
        label=_("Skills required"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    skills_welcome = forms.ModelMultipleChoiceField(
        queryset=_skills(),
        label=_("Skills welcome"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"), max_digits=7, decimal_places=2, min_value=0
    )
    format = forms.ChoiceField(label=_("Format"), choices=NeedFormat.choices)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput)
    ends_on = forms.DateField(label=_("End date"), widget=DateInput)
    commune = CommuneField(label=_("Commune"))
    volunteers_wanted = forms.IntegerField(label=_("Number of volunteers"), min_value=1, initial=1)
    open_to_civic_days = forms.BooleanField(
        label=_("Open to civic days"),
        required=False,
        help_text=_(
            "Employees of any company in France may give a day or a half-day of their Service "
            "Civique Professionnel to this need."
        ),
    )
    template_code = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills_required"].queryset = _skills()
        self.fields["skills_welcome"].queryset = _skills()
        programmes = programmes_for_association(association)
        self.fields["programme"].queryset = programmes
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes[0]


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the association"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"))
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = choices.choices


def refusal_form(data=None, **kwargs):
    return ReasonForm(data, choices=RefusalReason, **kwargs)


def withdrawal_form(data=None, **kwargs):
    return ReasonForm(data, choices=WithdrawalReason, **kwargs)


def rejection_form(data=None, **kwargs):
    return ReasonForm(data, choices=RejectionReason, **kwargs)


class ApprovalForm(forms.Form):
    planned_hours = forms.DecimalField(
        label=_("Planned hours"), max_digits=7, decimal_places=2, min_value=0
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("To"), widget=DateInput)


class TimeEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=2, min_value=0)
    description = forms.CharField(
        label=_("What was done"), max_length=NOTE_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtraHoursForm(forms.Form):
    prefix = "extra"  # beside the declaration form on the participation page: distinct ids
    hours = forms.DecimalField(label=_("Extra hours"), max_digits=5, decimal_places=2, min_value=0)
    reason = forms.CharField(
        label=_("Why more hours are needed"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the association"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CatalogueForm(forms.Form):
    """The catalogue's search; `criteria()` gives what metis.needs.catalogue reads. An unknown
    sort falls back to the default; a distance needs a commune with a known centre (the one
    chosen, else the person's)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SHORT_TEXT)
    skill = forms.ModelChoiceField(queryset=None, label=_("Skill"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *NeedFormat.choices]
    )
    commune = CommuneField(label=_("Commune"), required=False)
    distance = forms.TypedChoiceField(
        label=_("Distance"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    starts_after = forms.DateField(label=_("From"), required=False, widget=DateInput)
    ends_before = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    max_hours = forms.DecimalField(
        label=_("At most (hours)"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    civique = forms.BooleanField(label=_("Open to civic days"), required=False)
    tri = forms.CharField(
        label=_("Sort by"),
        required=False,
        max_length=20,
        widget=forms.Select(choices=[("", _("Default")), *SORTS]),
    )

    SELECTS = ("skill", "format", "distance", "tri")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.around = None
        self.fields["skill"].queryset = _skills()
        # Validated on the queryset, listed from the cached choices (metis.skills.choices).
        self.fields["skill"].widget.choices = [("", _("Any skill")), *skill_choices()]
        self.fields["distance"].choices = [
            ("", _("In the commune only")),
            *((str(km), _("Within %(km)s km") % {"km": km}) for km in DISTANCES_KM),
        ]
        for name, field in self.fields.items():
            css = "form-select" if name in self.SELECTS else "form-control"
            if isinstance(field, forms.BooleanField):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)

    def clean_tri(self):
        sort = self.cleaned_data["tri"]
        return sort if sort in dict(SORTS) else ""

    def clean(self):
        data = super().clean()
        commune = data.get("commune")
        self.around = commune or (person_commune(self.user) if self.user else None)
        if data.get("distance") is not None and "commune" not in self.errors:
            if self.around is None:
                self.add_error("commune", _("Choose the commune around which to search for needs."))
            elif not has_centre(self.around):
                self.add_error(
                    "commune",
                    _("The position of %(commune)s is not known: choose a nearby larger commune.")
                    % {"commune": self.around.name},
                )
        return data

    def criteria(self) -> Criteria:
        """What to search for; everything when the form is not valid (its errors are shown)."""
        if not self.is_bound or not self.is_valid():
            return Criteria(around=self.around if self.is_bound else None)
        data = self.cleaned_data
        return Criteria(
            text=data["q"],
            skill=data["skill"],
            format=data["format"],
            commune=data["commune"],
            around=self.around,
            distance_km=data["distance"],
            starts_after=data["starts_after"],
            ends_before=data["ends_before"],
            max_hours=data["max_hours"],
            civic_days=data["civique"],
            sort=data["tri"],
        )

    def saved(self) -> dict:
        """The valid search as query parameters (strings), to save and replay it."""
        values = {
            "q": self.cleaned_data["q"],
            "skill": getattr(self.cleaned_data["skill"], "pk", None),
            "format": self.cleaned_data["format"],
            "commune": getattr(self.cleaned_data["commune"], "pk", None),
            "distance": self.cleaned_data["distance"],
            "starts_after": self.cleaned_data["starts_after"],
            "ends_before": self.cleaned_data["ends_before"],
            "max_hours": self.cleaned_data["max_hours"],
            "civique": "1" if self.cleaned_data["civique"] else None,
            "tri": self.cleaned_data["tri"],
        }
        return {
            key: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for key, value in values.items()
            if value not in (None, "")
        }


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the search"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
