from django import forms
from django.utils.translation import gettext_lazy as _

from metis.core.forms import LIST_TEXT, NOTE_TEXT
from metis.organisations.models import Partner, Territory

from .enums import CouncilOutcome, OfferKind, commitment_choices
from .models import Charter, CommitmentAction, PartnerOffer, Project, Resource

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "siren",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def validate_unique(self):
        """The service says when the SIREN is taken (one message, on the field)."""


class PartnerCreateForm(PartnerForm):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    class Meta(PartnerForm.Meta):
        fields = ["territory", *PartnerForm.Meta.fields]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if territories.count() == 1:
            self.fields["territory"].initial = territories.first()


class OfferForm(forms.ModelForm):
    class Meta:
        model = PartnerOffer
        fields = ["kind", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class InviteForm(forms.Form):
    people = forms.CharField(
        label=_("E-mail addresses"),
        max_length=LIST_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One person per line: e-mail, or e-mail;first name;last name."),
    )


class CharterForm(forms.ModelForm):
    class Meta:
        model = Charter
        fields = ["title", "contributions", "starts_on", "ends_on"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "contributions": forms.Textarea(attrs={"rows": 5}),
        }


class CharterCreateForm(CharterForm):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())

    class Meta(CharterForm.Meta):
        fields = ["territory", "partner", *CharterForm.Meta.fields]

    def __init__(self, *args, territories, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["partner"].queryset = partners
        if territories.count() == 1:
            self.fields["territory"].initial = territories.first()


class SessionForm(forms.Form):
    charters = forms.ModelMultipleChoiceField(
        label=_("Charters presented together"),
        queryset=Charter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    session_date = forms.DateField(label=_("Date of the council's session"), widget=DATE)
    rapporteur = forms.CharField(label=_("Rapporteur"), max_length=200)
    context = forms.CharField(
        label=_("Context"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why the commune builds this ecosystem; printed in the presentation note."),
    )

    def __init__(self, *args, charters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["charters"].queryset = charters


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CouncilOutcome.APPROVED, _("Approved")),
            (CouncilOutcome.REJECTED, _("Rejected")),
        ],
        widget=forms.RadioSelect,
    )
    deliberation_number = forms.CharField(label=_("Deliberation number"), max_length=50)
    signed_file = forms.FileField(
        label=_("Signed deliberation (PDF)"),
        required=False,
        help_text=_("Required when the council approved the charters."),
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RenewForm(forms.Form):
    ends_on = forms.DateField(label=_("End of the new period"), widget=DATE)


class ActionForm(forms.ModelForm):
    commitment = forms.TypedChoiceField(label=_("Commitment"), coerce=int, choices=())

    class Meta:
        model = CommitmentAction
        fields = ["commitment", "done_on", "description", "beneficiaries", "people_reached"]
        widgets = {"done_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].choices = commitment_choices()


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["kind", "title", "url", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "territory",
            "title",
            "description",
            "holder_status",
            "structure_name",
            "looking_for_support",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class SupportRequestForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    kind = forms.ChoiceField(label=_("Support asked"), choices=OfferKind.choices)
    message = forms.CharField(
        label=_("Message"), max_length=NOTE_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("1", _("We can help")), ("0", _("We cannot help"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Message to the project holder"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
