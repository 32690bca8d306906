"""Public tax-reduction simulator (docs/rules.md § 4)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .forms import FiscalYearFormSet
from .prefill import carried_in_for, initial_years_for
from .presentation import explain
from .rules import RulesError, compute_reduction
from .rules.reduction import add_months

CARRIED_IN_DO_NOT_FIT = _(
    "Your carry-forwards from before METIS do not fit these fiscal years: the first one given must "
    "be your first fiscal year on METIS, and each amount must still be usable in it."
)
FORMSET_PREFIX = "years"
DEFAULT_YEAR_COUNT = 3


def default_initial_years(today: date) -> list[dict]:
    """Blank calendar fiscal years ending with the current one."""
    return [
        {"fiscal_year_end": date(today.year - n, 12, 31)}
        for n in reversed(range(DEFAULT_YEAR_COUNT))
    ]


def _with_one_more_year(data):
    """Copy of the posted formset data with one more fiscal year, closing 12 months later."""
    data = data.copy()
    total_key = f"{FORMSET_PREFIX}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, 0))
    except ValueError:
        return data
    last_end = data.get(f"{FORMSET_PREFIX}-{total - 1}-fiscal_year_end", "")
    try:
        next_end = add_months(date.fromisoformat(last_end), 12).isoformat()
    except ValueError:
        next_end = ""
    data[total_key] = str(total + 1)
    data[f"{FORMSET_PREFIX}-{total}-fiscal_year_end"] = next_end
    return data


@login_not_required
@require_http_methods(["GET", "POST"])
def simulator(request):
    results, carried_in_error = None, None
    carried_in = carried_in_for(request)
    if request.method == "POST":
        data = _with_one_more_year(request.POST) if "add_year" in request.POST else request.POST
        formset = FiscalYearFormSet(data, prefix=FORMSET_PREFIX)
        if "add_year" not in request.POST and formset.is_valid():
            try:
                results = explain(compute_reduction(formset.fiscal_years(), carried_in))
            except RulesError:
                # Only the carry-forwards can fail here: the formset checked the years.
                carried_in_error = CARRIED_IN_DO_NOT_FIT
    else:
        initial = initial_years_for(request) or default_initial_years(timezone.localdate())
        formset = FiscalYearFormSet(initial=initial, prefix=FORMSET_PREFIX)
    return render(
        request,
        "valuation/simulator.html",
        {
            "formset": formset,
            "results": results,
            "carried_in": carried_in,
            "carried_in_error": carried_in_error,
        },
    )
