"""Screens of allocation runs (officer, operator) and proposals (association). Each view parses
input, checks a named permission, calls one service, renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metis.accounts.enums import Role
from metis.core.forms import refused
from metis.core.params import posted_ids
from metis.core.permissions import permission_required
from metis.programmes.enums import ProgrammeStatus
from metis.programmes.models import Programme
from metis.programmes.permissions import manages_programme

from . import services
from .models import AllocationRun, Proposal


def _programme(request, pk, *args, **kwargs):
    return get_object_or_404(Programme.objects.select_related("territory__operator"), pk=pk)


def _run(request, pk, *args, **kwargs):
    return get_object_or_404(AllocationRun, pk=pk)


def _proposal(request, pk, *args, **kwargs):
    """Only proposals sent to the associations exist for them."""
    return get_object_or_404(
        Proposal.objects.visible_to_associations().select_related("need__association"), pk=pk
    )


def _runs_context(runs):
    return runs.prefetch_related("programmes").select_related("requested_by")


@permission_required("allocations.run_for_programme", fn=_programme)
def programme_runs(request, pk):
    programme = _programme(request, pk)
    runs = _runs_context(programme.allocation_runs.all())[:20]
    return render(
        request, "allocations/programme_runs.html", {"programme": programme, "runs": runs}
    )


@require_POST
@permission_required("allocations.run_for_programme", fn=_programme)
def run_request(request, pk):
    programme = _programme(request, pk)
    try:
        run = services.allocation_run_request(programmes=[programme], by=request.user)
    except ValidationError as error:
        return refused(request, error, "allocations:programme_runs", pk)
    return redirect(run)


def _operator_programmes(user):
    return [
        p
        for p in Programme.objects.territorial()
        .filter(status=ProgrammeStatus.OPEN)
        .select_related("territory__operator")
        .order_by("territory__name", "name")
        if manages_programme(user, p)
    ]


@permission_required("allocations.run_for_programmes")
def operator_runs(request):
    programmes = _operator_programmes(request.user)
    if request.method == "POST":
        chosen = {str(i) for i in request.POST.getlist("programmes")}
        selected = [p for p in programmes if str(p.pk) in chosen]
        try:
            run = services.allocation_run_request(programmes=selected, by=request.user)
        except ValidationError as error:
            return refused(request, error, "allocations:operator_runs")
        return redirect(run)
    runs = _runs_context(AllocationRun.objects.filter(programmes__in=programmes).distinct())[:20]
    return render(
        request, "allocations/operator_runs.html", {"programmes": programmes, "runs": runs}
    )


@permission_required("allocations.manage_run", fn=_run)
def run_detail(request, pk):
    run = _run(request, pk)
    proposals = run.proposals.select_related("need__association", "volunteer", "company").order_by(
        "need__association__name", "need__title", "-score", "pk"
    )
    return render(
        request,
        "allocations/run_detail.html",
        {"run": run, "proposals": proposals, "programmes": run.programmes.all()},
    )


@permission_required("allocations.manage_run", fn=_run)
def run_progress(request, pk):
    """The progress bar, polled by htmx while the run is queued or running."""
    return render(
        request, "allocations/_run_progress.html", {"run": _run(request, pk), "polled": True}
    )


@require_POST
@permission_required("allocations.manage_run", fn=_run)
def run_cancel(request, pk):
    run = _run(request, pk)
    try:
        services.allocation_run_cancel(run=run, by=request.user)
    except ValidationError as error:
        return refused(request, error, run.get_absolute_url())
    messages.success(request, _("The allocation is cancelled."))
    return redirect(run)


@require_POST
@permission_required("allocations.manage_run", fn=_run)
def run_drop(request, pk):
    run = _run(request, pk)
    try:
        count = services.proposals_drop(
            run=run, proposal_ids=posted_ids(request, "drop"), by=request.user
        )
    except ValidationError as error:
        return refused(request, error, run.get_absolute_url())
    messages.success(
        request,
        ngettext("%(count)s proposal dropped.", "%(count)s proposals dropped.", count)
        % {"count": count},
    )
    return redirect(run)


@require_POST
@permission_required("allocations.manage_run", fn=_run)
def run_send(request, pk):
    run = _run(request, pk)
    try:
        count = services.proposals_send(run=run, by=request.user)
    except ValidationError as error:
        return refused(request, error, run.get_absolute_url())
    messages.success(
        request,
        ngettext(
            "%(count)s proposal sent to the associations.",
            "%(count)s proposals sent to the associations.",
            count,
        )
        % {"count": count},
    )
    return redirect(run)


@permission_required("allocations.view_proposals")
def association_proposals(request):
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.ASSOCIATION_MANAGER:
        raise PermissionDenied
    proposals = (
        Proposal.objects.visible_to_associations()
        .for_association(membership.association)
        .select_related("need", "volunteer", "company", "participation")
        .order_by("status", "need__title", "-score")
    )
    return render(
        request,
        "allocations/association_proposals.html",
        {"proposals": proposals, "association": membership.association},
    )


DECISIONS = {
    "confirmer": (services.proposal_confirm, _("Confirmed: the volunteer is invited.")),
    "decliner": (services.proposal_decline, _("The proposal is declined.")),
}


@require_POST
@permission_required("allocations.decide_proposal", fn=_proposal)
def proposal_decide(request, pk, decision):
    proposal = _proposal(request, pk)
    if decision not in DECISIONS:
        raise PermissionDenied
    service, message = DECISIONS[decision]
    try:
        service(proposal=proposal, by=request.user)
    except ValidationError as error:
        return refused(request, error, "allocations:association_proposals")
    messages.success(request, str(message))
    return redirect("allocations:association_proposals")
