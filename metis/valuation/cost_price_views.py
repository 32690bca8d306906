from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import submit_form
from metis.core.params import year_param
from metis.core.permissions import permission_required
from metis.organisations.models import Company

from .cost_price_forms import CostPriceForm
from .cost_prices import cost_price_record, cost_price_table
from .models import CostPrice


def _company(request, pk):
    return get_object_or_404(Company, pk=pk)


@permission_required("valuation.manage_cost_prices", fn=_company)
def cost_prices(request, pk):
    company = _company(request, pk)
    year = year_param(request)
    form = CostPriceForm(request.POST or None, company=company)
    if submit_form(
        request,
        form,
        lambda data: cost_price_record(company=company, by=request.user, **data),
        success=_("The cost price has been recorded."),
    ):
        return redirect(request.get_full_path())
    return render(
        request,
        "valuation/cost_prices.html",
        {
            "company": company,
            "form": form,
            "year": year,
            "rows": cost_price_table(company=company, year=year),
            "history": CostPrice.objects.for_company(company)
            .latest_first()
            .select_related("employee", "entered_by")[:50],
        },
    )


def my_cost_prices(request):
    """An employee sees the cost prices that value their own hours."""
    prices = CostPrice.objects.filter(employee=request.user).select_related("company")
    return render(request, "valuation/my_cost_prices.html", {"prices": prices.latest_first()})
