"""A company referent enters what the company carries in from before METIS."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from metis.core.forms import submit_form
from metis.core.permissions import permission_required
from metis.organisations.models import Company

from . import carry_forwards
from .models import CarriedInDonation, CarriedInPart, CarriedInReduction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CarriedInReductionForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (€)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
    )
    last_fiscal_year_end = forms.DateField(
        label=gettext_lazy("End of the last fiscal year in which it can be used"),
        widget=DATE_INPUT,
    )


class CarriedInDonationForm(CarriedInReductionForm):
    part = forms.ChoiceField(label=gettext_lazy("Rate part"), choices=CarriedInPart.choices)


def _company(request, pk, **_kwargs):
    return get_object_or_404(Company, pk=pk)


@permission_required("valuation.manage_carried_in", fn=_company)
def carried_in(request, pk):
    company = _company(request, pk)
    kind = request.POST.get("kind")
    donation_form = CarriedInDonationForm(
        request.POST if kind == "donation" else None, prefix="donation"
    )
    reduction_form = CarriedInReductionForm(
        request.POST if kind == "reduction" else None, prefix="reduction"
    )
    if kind == "donation":
        saved = submit_form(
            request,
            donation_form,
            lambda data: carry_forwards.carried_in_donation_add(
                company=company, by=request.user, **data
            ),
        )
    else:
        saved = submit_form(
            request,
            reduction_form,
            lambda data: carry_forwards.carried_in_reduction_add(
                company=company, by=request.user, **data
            ),
        )
    if saved:
        messages.success(request, _("The carry-forward has been recorded."))
        return redirect("valuation_company:carried_in", pk=company.pk)
    return render(
        request,
        "valuation/carried_in.html",
        {
            "company": company,
            "first_fiscal_year_end": carry_forwards.first_fiscal_year_end(company),
            "donation_form": donation_form,
            "reduction_form": reduction_form,
            "donations": CarriedInDonation.objects.filter(company=company),
            "reductions": CarriedInReduction.objects.filter(company=company),
        },
    )


@require_POST
@permission_required("valuation.manage_carried_in", fn=_company)
def carried_in_remove(request, pk, kind, item_pk):
    company = _company(request, pk)
    model = CarriedInDonation if kind == "excedent" else CarriedInReduction
    carry_forwards.carried_in_remove(item=get_object_or_404(model, pk=item_pk, company=company))
    messages.success(request, _("The carry-forward has been removed."))
    return redirect("valuation_company:carried_in", pk=company.pk)
