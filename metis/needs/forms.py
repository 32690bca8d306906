from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LONG_TEXT, NOTE_TEXT, SHORT_TEXT
from metis.organisations.fields import CommuneField
from metis.skills.models import Skill

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
    q = forms.CharField(label=_("Search"), required=False, max_length=SHORT_TEXT)
    skill = forms.ModelChoiceField(queryset=None, label=_("Skill"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *NeedFormat.choices]
    )
    commune = CommuneField(label=_("Commune"), required=False)
    starts_after = forms.DateField(label=_("From"), required=False, widget=DateInput)
    ends_before = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    max_hours = forms.DecimalField(label=_("At most (hours)"), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = _skills()
        self.fields["skill"].empty_label = _("Any skill")
        for name, field in self.fields.items():
            css = "form-select" if name in ("skill", "format") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter(self, needs):
        if not self.is_valid():
            return needs
        data = self.cleaned_data
        if data["q"]:
            needs = needs.search(data["q"])
        if data["skill"]:
            needs = needs.filter(Q(skills_required=data["skill"]) | Q(skills_welcome=data["skill"]))
        if data["format"]:
            needs = needs.filter(format__in=[data["format"], NeedFormat.BOTH])
        if data["commune"]:
            needs = needs.filter(commune=data["commune"])
        if data["starts_after"]:
            needs = needs.filter(ends_on__gte=data["starts_after"])
        if data["ends_before"]:
            needs = needs.filter(starts_on__lte=data["ends_before"])
        if data["max_hours"] is not None:
            needs = needs.filter(estimated_hours__lte=data["max_hours"])
        return needs.distinct()
