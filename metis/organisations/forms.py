import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metis.core.forms import NOTE_TEXT

from .enums import OrganisationStatus, SignatoryQuality, TaxReturnForm
from .fields import CommuneField
from .identifiers import clean_rna, clean_siren, clean_siret
from .models import Association, Company, CompanyFiscalYear, Operator, Territory

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NEEDS_IDENTIFIER = _(
    "Give at least one identifier: the RNA number, the SIREN, or for Alsace-Moselle the court "
    "register number."
)


class CompanyForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"))

    class Meta:
        model = Company
        fields = [
            "name",
            "siren",
            "legal_form",
            "address",
            "commune",
            "headcount",
            "fiscal_year_end",
            "agrees_to_be_named",
            "has_works_council",
            "works_council_consulted_on",
        ]
        widgets = {"fiscal_year_end": DATE_INPUT, "works_council_consulted_on": DATE_INPUT}

    def clean_siren(self):
        return clean_siren(self.cleaned_data["siren"])

    def validate_unique(self):
        """Duplicates are reported by the service with a clearer message."""


class AssociationForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"))
    statutory_object = forms.CharField(
        label=_("statutory object"), max_length=NOTE_TEXT, widget=forms.Textarea({"rows": 3})
    )

    class Meta:
        model = Association
        fields = [
            "name",
            "rna",
            "siren",
            "siret",
            "court_register_number",
            "address",
            "commune",
            "statutory_object",
            "field_of_action",
            "legal_representative",
            "legal_representative_title",
            "declared_on",
            "is_general_interest",
            "may_issue_tax_receipts",
            "eligibility_evidence",
            "eligibility_reference",
            "is_coluche_body",
            "fiscal_year_end_month",
            "tax_return_form",
        ]
        widgets = {"declared_on": DATE_INPUT, "statutory_object": forms.Textarea({"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Defaults (a fiscal year closing on 31 December, no tax return) when left out.
        for name in ("fiscal_year_end_month", "tax_return_form"):
            self.fields[name].required = False

    def clean_fiscal_year_end_month(self):
        return self.cleaned_data.get("fiscal_year_end_month") or 12

    def clean_tax_return_form(self):
        return self.cleaned_data.get("tax_return_form") or TaxReturnForm.NONE

    def clean_rna(self):
        value = self.cleaned_data.get("rna")
        return clean_rna(value) if value else None

    def clean_siren(self):
        value = self.cleaned_data.get("siren")
        return clean_siren(value) if value else None

    def clean_siret(self):
        value = self.cleaned_data.get("siret")
        return clean_siret(value) if value else None

    def clean_court_register_number(self):
        return self.cleaned_data.get("court_register_number") or None

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("rna") or cleaned.get("siren") or cleaned.get("court_register_number")):
            raise ValidationError(NEEDS_IDENTIFIER)
        if cleaned.get("may_issue_tax_receipts") and not cleaned.get("is_general_interest"):
            self.add_error(
                "may_issue_tax_receipts",
                _("Only a body of general interest may issue tax receipts."),
            )
        if (
            cleaned.get("siret")
            and cleaned.get("siren")
            and not cleaned["siret"].startswith(cleaned["siren"])
        ):
            self.add_error("siret", _("The SIRET must start with the association's SIREN."))
        return cleaned

    def validate_unique(self):
        """Duplicates are reported by the service with a clearer message."""


class TerritoryForm(forms.ModelForm):
    commune = CommuneField(label=_("Commune"))

    class Meta:
        model = Territory
        fields = ["name", "commune", "operator"]


class TerritorySignupForm(forms.Form):
    commune = CommuneField(
        label=_("Your commune"), help_text=_("Its name or its INSEE code (5 characters).")
    )
    operator = forms.ModelChoiceField(
        label=_("Operator"),
        queryset=Operator.objects.none(),
        help_text=_("The operator that runs METIS with you and activates your territory."),
    )
    first_name = forms.CharField(label=_("Your first name"), max_length=150)
    last_name = forms.CharField(label=_("Your last name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        operators = Operator.objects.filter(status=OrganisationStatus.ACTIVE).order_by("name")
        self.fields["operator"].queryset = operators
        if operators.count() == 1:
            self.fields["operator"].initial = operators.first()


class LocalInvitationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Whom do you invite?"),
        choices=[("company", _("Local companies")), ("association", _("Local associations"))],
        widget=forms.RadioSelect,
    )
    people = forms.CharField(
        label=_("Their contacts"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One person per line: an e-mail address, optionally followed by first and last "
            "name (separated by commas or semicolons). A CSV export pasted here works too."
        ),
    )


class FiscalYearForm(forms.ModelForm):
    class Meta:
        model = CompanyFiscalYear
        fields = [
            "end_date",
            "turnover_excl_tax",
            "corporate_tax_due",
            "other_donations",
            "other_coluche_donations",
        ]
        widgets = {"end_date": DATE_INPUT}

    def clean(self):
        cleaned = super().clean()
        for name in (
            "turnover_excl_tax",
            "corporate_tax_due",
            "other_donations",
            "other_coluche_donations",
        ):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
        return cleaned


class SignatoryForm(forms.Form):
    """Record a person who may sign the association's receipts (docs/rules.md § 5)."""

    user = forms.ModelChoiceField(label=_("Manager"), queryset=None)
    full_name = forms.CharField(label=_("Name printed on receipts"), max_length=200)
    quality = forms.ChoiceField(label=_("Quality"), choices=SignatoryQuality.choices)
    authorisation = forms.CharField(
        label=_("Authorisation (decision, date)"),
        max_length=300,
        required=False,
        help_text=_("Required for a person authorised by the association."),
    )

    def __init__(self, *args, association, **kwargs):
        from metis.accounts.enums import Role
        from metis.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__role=Role.ASSOCIATION_MANAGER,
                memberships__association=association,
                memberships__ended_at__isnull=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "email")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.email


class CounterpartForm(forms.Form):
    """A counterpart the company received for its donations of one fiscal year (§ 4.6)."""

    association = forms.ModelChoiceField(label=_("Association"), queryset=Association.objects)
    fiscal_year_end = forms.TypedChoiceField(label=_("Fiscal year end"), coerce=None)
    description = forms.CharField(label=_("Description"), max_length=300)
    value = forms.DecimalField(
        label=_("Value (€)"), min_value=0, max_digits=12, decimal_places=2, localize=True
    )

    def __init__(self, *args, company, fiscal_year_ends, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = (
            Association.objects.filter(needs__participations__company=company)
            .distinct()
            .order_by("name")
        )
        self.fields["fiscal_year_end"].choices = [
            (end.isoformat(), end.strftime("%d/%m/%Y")) for end in fiscal_year_ends
        ]
        self.fields["fiscal_year_end"].coerce = datetime.date.fromisoformat
