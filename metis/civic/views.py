"""The Service Civique Professionnel's pages: an employee joins it (logged in), the national
counter and its open data (public)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metis.core.exports import Sheet, export_response
from metis.core.forms import submit_form

from .forms import JoinForm
from .selectors import civic_counter_cached
from .signup import civic_employee_join


def join(request):
    form = JoinForm(request.POST or None)
    company = submit_form(
        request, form, lambda data: civic_employee_join(user=request.user, **data)
    )
    if company:
        messages.success(
            request,
            _("You have joined the Service Civique Professionnel as an employee of %(company)s.")
            % {"company": company},
        )
        return redirect("civic:counter")
    return render(request, "civic/join.html", {"form": form})


@login_not_required
def counter(request):
    return render(
        request, "civic/counter.html", {"counter": civic_counter_cached(timezone.localdate().year)}
    )


@login_not_required
def open_data(request):
    """The counter's figures as open data, one table: the nation, each département, each
    commune (of the employers). No personal data: only sums by place."""
    counter = civic_counter_cached(timezone.localdate().year)
    levels = [(_("France"), [counter.total])]
    if counter.without_employer:
        levels.append((_("No current employer"), [counter.without_employer]))
    levels += [(_("Département"), counter.departements), (_("Commune"), counter.communes)]
    sheet = Sheet(
        title=_("Service Civique Professionnel %(year)s") % {"year": counter.year},
        header=[
            _("Year"),
            _("Level"),
            _("Code"),
            _("Name"),
            _("Accounts opened"),
            _("Hours entitled"),
            _("Hours booked"),
            _("Hours done"),
        ],
        rows=[
            [counter.year, level, r.code, r.name, r.accounts, r.entitled, r.booked, r.done]
            for level, rows in levels
            for r in rows
        ],
    )
    return export_response(f"service-civique-{counter.year}", [sheet], "csv")
