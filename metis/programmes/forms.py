from django import forms
from django.utils.translation import gettext_lazy as _

from metis.organisations.models import Association, Company, Territory
from metis.skills.models import Skill

from .models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def hours_field(label, *, required=True):
    # The services check ranges with the messages the tests import; the form only parses.
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, required=required)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "starts_on", "ends_on", "target_hours", "reference_hourly_value"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ProgrammeCreateForm(ProgrammeForm):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    class Meta(ProgrammeForm.Meta):
        fields = ["territory", *ProgrammeForm.Meta.fields]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if territories.count() == 1:
            self.fields["territory"].initial = territories.first()


class PledgeForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    hours = hours_field(_("Hours pledged"))
    starts_on = forms.DateField(label=_("Start date"), widget=DATE)
    ends_on = forms.DateField(label=_("End date"), widget=DATE)
    skill_restrictions = forms.ModelMultipleChoiceField(
        label=_("Restricted to these skills"),
        queryset=Skill.objects.filter(parent__isnull=False),
        required=False,
        help_text=_("Leave empty if the hours may be used for any skill."),
    )

    def __init__(self, *args, programmes, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["company"].queryset = companies
        if companies.count() == 1:
            self.fields["company"].initial = companies.first()


class PledgeSignForm(forms.Form):
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signature date"), widget=DATE)


class SubsidyForm(forms.Form):
    """The allocation form of the programme page: propose a mixed subsidy."""

    association = forms.ModelChoiceField(
        label=_("Association"), queryset=Association.objects.none()
    )
    cash_previous_period = forms.DecimalField(
        label=_("Cash granted last period (€)"), max_digits=12, decimal_places=2, initial=0
    )
    cash_current_period = forms.DecimalField(
        label=_("Cash granted this period (€)"), max_digits=12, decimal_places=2, initial=0
    )
    hours_credit = hours_field(_("Hours credit"))

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations


class SubsidyVoteForm(forms.Form):
    hours_credit = hours_field(_("Hours credit voted"))
    deliberation_reference = forms.CharField(
        label=_("Council deliberation reference"), max_length=100
    )
    deliberation_date = forms.DateField(label=_("Deliberation date"), widget=DATE)
