"""Screens of the association's receipt signatories and of the company's counterparts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import submit_form
from metis.core.permissions import permission_required

from . import services
from .forms import CounterpartForm, SignatoryForm
from .models import Association, AssociationSignatory, Company, Counterpart


def _association(request, pk, **_kwargs):
    return get_object_or_404(Association, pk=pk)


def _company(request, pk, **_kwargs):
    return get_object_or_404(Company, pk=pk)


@permission_required("organisations.manage_signatories", fn=_association)
def signatories(request, pk):
    association = _association(request, pk)
    form = SignatoryForm(request.POST or None, association=association)
    saved = submit_form(
        request,
        form,
        lambda data: services.signatory_record(association=association, by=request.user, **data),
    )
    if saved:
        messages.success(request, _("The signatory has been recorded."))
        return redirect("organisations:signatories", pk=association.pk)
    return render(
        request,
        "organisations/signatories.html",
        {
            "association": association,
            "form": form,
            "signatories": AssociationSignatory.objects.for_association(association)
            .select_related("user", "recorded_by", "ended_by")
            .order_by("ended_at", "quality", "full_name"),
        },
    )


@require_POST
@permission_required("organisations.manage_signatories", fn=_association)
def signatory_end(request, pk, signatory_pk):
    association = _association(request, pk)
    signatory = get_object_or_404(AssociationSignatory, pk=signatory_pk, association=association)
    try:
        services.signatory_end(signatory=signatory, by=request.user)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s may no longer sign receipts.") % {"name": signatory})
    return redirect("organisations:signatories", pk=association.pk)


@permission_required("organisations.change_company", fn=_company)
def counterparts(request, pk):
    company = _company(request, pk)
    form = CounterpartForm(
        request.POST or None,
        company=company,
        fiscal_year_ends=services.company_fiscal_year_ends(company),
    )
    saved = submit_form(
        request,
        form,
        lambda data: services.counterpart_record(company=company, by=request.user, **data),
    )
    if saved:
        messages.success(request, _("The counterpart has been recorded."))
        return redirect("organisations:counterparts", pk=company.pk)
    return render(
        request,
        "organisations/counterparts.html",
        {
            "company": company,
            "form": form,
            "counterparts": Counterpart.objects.filter(company=company).select_related(
                "association"
            ),
        },
    )


@require_POST
@permission_required("organisations.change_company", fn=_company)
def counterpart_delete(request, pk, counterpart_pk):
    company = _company(request, pk)
    counterpart = get_object_or_404(Counterpart, pk=counterpart_pk, company=company)
    services.counterpart_delete(counterpart=counterpart, by=request.user)
    messages.success(request, _("The counterpart has been removed."))
    return redirect("organisations:counterparts", pk=company.pk)
