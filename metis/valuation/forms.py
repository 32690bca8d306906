"""Forms of the public tax-reduction simulator: one form per fiscal year, in a formset."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .rules import (
    FIRST_SUPPORTED_FY_END,
    MAX_MONTHS_BETWEEN_FY_ENDS,
    ZERO,
    FiscalYearInput,
    RulesError,
    validate_fiscal_years,
)
from .schemas import AMOUNT_MAX_DIGITS, LAST_SUPPORTED_FY_END, MAX_FISCAL_YEARS

FISCAL_YEARS_OUT_OF_ORDER = _(
    "Fiscal years must be in order: this one must close after the previous one."
)
FISCAL_YEARS_NOT_CONSECUTIVE = _(
    "Fiscal years must be consecutive: this one closes more than %(months)s months after the "
    "previous one (a fiscal year is missing)."
)
NO_RULE_SET = _("Only fiscal years closing on or after %(date)s are supported.")
NO_FISCAL_YEAR = _("Enter at least one fiscal year.")
FISCAL_YEAR_END_TOO_LATE = _("Only fiscal years closing on or before 31/12/2100 are supported.")


class AmountField(forms.DecimalField):
    """A non-negative euro amount with at most 2 decimals; blank means 0."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", ZERO)
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)  # accepts "30 000,50" as well as "30000.50"
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("class", "form-control text-end")

    def to_python(self, value):
        # Spaces group thousands in French ("30 000,50"), whatever USE_THOUSAND_SEPARATOR says.
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch not in " \u00a0\u202f€").strip()
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        return ZERO if amount is None else amount.quantize(Decimal("0.01")) + ZERO


class FiscalYearForm(forms.Form):
    fiscal_year_end = forms.DateField(
        label=_("Fiscal year end"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    turnover_excl_tax = AmountField(label=_("Turnover excl. tax (€)"))
    corporate_tax_due = AmountField(label=_("Corporate income tax due (€)"))
    skills_donations = AmountField(
        label=_("Skills sponsorship (€)"),
        help_text=_("Hours given through METIS, valued at cost price."),
    )
    other_donations = AmountField(
        label=_("Other donations (€)"),
        help_text=_("Donations made outside METIS: they share the same cap."),
    )
    coluche_donations = AmountField(
        label=_("Donations to “loi Coluche” bodies (€)"),
        help_text=_("Free meals, housing help, free care: 60 % whatever the amount."),
    )

    def clean_fiscal_year_end(self):
        end = self.cleaned_data["fiscal_year_end"]
        if end > LAST_SUPPORTED_FY_END:
            raise forms.ValidationError(FISCAL_YEAR_END_TOO_LATE)
        return end

    def to_input(self) -> FiscalYearInput:
        data = self.cleaned_data
        return FiscalYearInput(
            fiscal_year_end=data["fiscal_year_end"],
            turnover_excl_tax=data["turnover_excl_tax"],
            corporate_tax_due=data["corporate_tax_due"],
            donations=data["skills_donations"] + data["other_donations"],
            coluche_donations=data["coluche_donations"],
        )


class BaseFiscalYearFormSet(forms.BaseFormSet):
    """Consecutive fiscal years in increasing order, checked by the rules core."""

    def kept_forms(self) -> list[FiscalYearForm]:
        """Forms neither deleted nor left blank (an added row left empty is ignored)."""
        return [
            form
            for form in self.forms
            if form.is_valid() and form.cleaned_data and not self._should_delete_form(form)
        ]

    def fiscal_years(self) -> list[FiscalYearInput]:
        """The valid formset's fiscal years, in the order given."""
        return [form.to_input() for form in self.kept_forms()]

    def clean(self):
        if any(self.errors):
            return
        forms_kept = self.kept_forms()
        if not forms_kept:
            raise ValidationError(NO_FISCAL_YEAR)
        try:
            validate_fiscal_years([form.to_input() for form in forms_kept])
        except RulesError as exc:
            if exc.index is None:
                raise ValidationError(NO_FISCAL_YEAR) from exc
            form = forms_kept[exc.index]
            if exc.code == "fiscal_years_out_of_order":
                message = FISCAL_YEARS_OUT_OF_ORDER
            elif exc.code == "fiscal_years_not_consecutive":
                message = FISCAL_YEARS_NOT_CONSECUTIVE % {"months": MAX_MONTHS_BETWEEN_FY_ENDS}
            else:
                message = NO_RULE_SET % {
                    "date": date_format(FIRST_SUPPORTED_FY_END, "SHORT_DATE_FORMAT")
                }
            # Shown on the row at fault; the formset is then invalid through that form.
            form.add_error("fiscal_year_end", message)


FiscalYearFormSet = forms.formset_factory(
    FiscalYearForm,
    formset=BaseFiscalYearFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_FISCAL_YEARS,
    validate_max=True,
    can_delete=True,
)
