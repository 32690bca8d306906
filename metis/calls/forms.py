from django import forms
from django.utils.translation import gettext_lazy as _

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.core.forms import LONG_TEXT, NOTE_TEXT, SHORT_TEXT

from .enums import SCORE_MAX, SCORE_MIN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=SHORT_TEXT)
    description = forms.CharField(
        label=_("What the call is about"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who may apply, what the panel receives, how it is chosen."),
    )
    criteria = forms.CharField(
        label=_("Selection criteria"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line; each is scored from 0 to 5."),
    )
    questions = forms.CharField(
        label=_("Questions to the applicants"),
        max_length=NOTE_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line (optional)."),
    )
    opens_on = forms.DateField(label=_("Applications open on"), widget=DATE)
    closes_on = forms.DateField(label=_("Applications close on"), widget=DATE)
    committee = forms.ModelMultipleChoiceField(
        label=_("Selection committee"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Other officers of the territory who score the applications with you."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = (
            User.objects.filter(
                memberships__role=Role.TERRITORY_OFFICER,
                memberships__territory=programme.territory,
                memberships__ended_at__isnull=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "email")
        )


class ApplicationForm(forms.Form):
    association = forms.ModelChoiceField(label=_("Association"), queryset=None)
    social_purpose = forms.CharField(
        label=_("Your social purpose"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Whom you help and how."),
    )
    foreseen_needs = forms.CharField(
        label=_("The needs you foresee"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The skills you will ask volunteers for during the programme."),
    )
    hours_wished = forms.DecimalField(
        label=_("Hours of skills-based sponsorship wished"), max_digits=10, decimal_places=2
    )
    cash_previous_period = forms.DecimalField(
        label=_("Cash subsidy received from the commune last period (€)"),
        max_digits=12,
        decimal_places=2,
        initial=0,
    )

    def __init__(self, *args, call, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["association"].queryset = associations
        if len(associations) == 1:
            self.fields["association"].initial = associations[0]
            self.fields["social_purpose"].initial = associations[0].statutory_object
        for index, question in enumerate(call.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=NOTE_TEXT, widget=forms.Textarea(attrs={"rows": 3})
            )

    def service_data(self):
        data = dict(self.cleaned_data)
        data["answers"] = [data.pop(f"answer_{i}") for i in range(len(self.call.questions))]
        data.pop("association")
        return data


SCORE_CHOICES = [(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (for the committee)"), max_length=500, required=False
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        for index, criterion in enumerate(call.criteria):
            self.fields[f"criterion_{index}"] = forms.TypedChoiceField(
                label=criterion, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([f"criterion_{i}" for i in range(len(call.criteria))])

    def scores(self):
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }


class SelectionForm(forms.Form):
    """One decision per application: selected (hours credit, this period's cash) or not
    (reason)."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications
        for application in applications:
            pk = application.pk
            self.fields[f"selected_{pk}"] = forms.TypedChoiceField(
                label=_("Decision"),
                choices=[("1", _("Selected")), ("0", _("Not selected"))],
                coerce=lambda v: v == "1",
                widget=forms.RadioSelect,
            )
            self.fields[f"hours_{pk}"] = forms.DecimalField(
                label=_("Hours credit"),
                max_digits=10,
                decimal_places=2,
                required=False,
                initial=application.hours_wished,
            )
            self.fields[f"cash_{pk}"] = forms.DecimalField(
                label=_("Cash this period (€)"),
                max_digits=12,
                decimal_places=2,
                required=False,
                initial=0,
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Reason (sent to the association)"),
                max_length=NOTE_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        for application in self.applications:
            pk = application.pk
            yield (
                application,
                [
                    self[f"selected_{pk}"],
                    self[f"hours_{pk}"],
                    self[f"cash_{pk}"],
                    self[f"reason_{pk}"],
                ],
            )
