"""Screens of the calls for applications (docs/programme-calls.md). Each view checks a rules
permission, parses input, calls one service and renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.core.forms import refused, submit_form
from metis.core.permissions import permission_required
from metis.organisations.enums import OrganisationStatus
from metis.programmes.models import Programme
from metis.programmes.permissions import can_manage_programme

from . import services
from .enums import CallStatus
from .forms import ApplicationForm, CallForm, ScoreForm, SelectionForm
from .models import Application, Call
from .selectors import (
    applications_of,
    calls_managed_or_scored_by,
    managed_associations,
    open_calls,
    ranked_applications,
)


def _call(request, pk):
    return get_object_or_404(Call.objects.with_programme(), pk=pk)


def _application(request, pk):
    return get_object_or_404(
        Application.objects.select_related("call__programme__territory", "association", "subsidy"),
        pk=pk,
    )


def call_list(request):
    """Officers and committees: their calls; association managers: the open calls and their
    own applications."""
    return render(
        request,
        "calls/call_list.html",
        {
            "managed": calls_managed_or_scored_by(request.user),
            "open_calls": open_calls() if managed_associations(request.user).exists() else [],
            "applications": applications_of(request.user),
        },
    )


def call_create(request, programme_pk):
    programme = get_object_or_404(Programme.objects.with_territory(), pk=programme_pk)
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied
    form = CallForm(request.POST or None, programme=programme)
    call = submit_form(
        request,
        form,
        lambda data: services.call_create(
            programme=programme,
            data={k: v for k, v in data.items() if k != "committee"},
            committee=data["committee"],
            by=request.user,
        ),
        success=_("The call is saved as a draft: open it when it is ready."),
    )
    if call:
        return redirect(call)
    return render(
        request,
        "calls/form.html",
        {
            "form": form,
            "title": _("New call for applications — %(programme)s") % {"programme": programme},
            "intro": _(
                "Associations apply with their social purpose, the needs they foresee, the hours "
                "they wish and their answers to your questions; you and the committee then "
                "score them per criterion and select the panel."
            ),
            "back": programme.get_absolute_url(),
        },
    )


@permission_required("calls.view_call", fn=_call)
def call_detail(request, pk):
    call = _call(request, pk)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "applications": ranked_applications(call),
            "can_manage": request.user.has_perm("calls.manage_call", call),
            "committee": call.committee.order_by("last_name", "email"),
        },
    )


CALL_ACTIONS = {
    "open": (
        services.call_open,
        gettext_lazy("Open the call"),
        gettext_lazy("Associations will be able to apply between the call's dates."),
        gettext_lazy("The call is open to applications."),
    ),
    "close": (
        services.call_close,
        gettext_lazy("Close the applications"),
        gettext_lazy(
            "No more applications will be received; you and the committee can score them."
        ),
        gettext_lazy("The applications are closed: score them, then select the panel."),
    ),
}


@permission_required("calls.manage_call", fn=lambda request, pk, action: _call(request, pk))
def call_action(request, pk, action):
    call = _call(request, pk)
    service, title, question, success = CALL_ACTIONS[action]
    if request.method == "POST":
        try:
            service(call=call, by=request.user)
        except ValidationError as error:
            return refused(request, error, call)
        messages.success(request, success)
        return redirect(call)
    return render(
        request,
        "confirm.html",
        {
            "title": f"{title} — {call}",
            "question": question,
            "details": [],
            "button": title,
            "back": call.get_absolute_url(),
            "danger": False,
        },
    )


@permission_required("calls.apply")
def application_create(request, pk):
    call = _call(request, pk)
    associations = managed_associations(request.user).filter(status=OrganisationStatus.ACTIVE)
    form = ApplicationForm(request.POST or None, call=call, associations=associations)
    application = submit_form(
        request,
        form,
        lambda data: services.application_submit(
            call=call,
            association=data["association"],
            data=form.service_data(),
            by=request.user,
        ),
        success=_("Your application is sent. You will be told of the decision by e-mail."),
    )
    if application:
        return redirect(application)
    return render(
        request,
        "calls/application_form.html",
        {"form": form, "call": call, "associations": associations},
    )


@permission_required("calls.view_application", fn=_application)
def application_detail(request, pk):
    application = _application(request, pk)
    call = application.call
    can_score = request.user.has_perm("calls.score_application", application)
    form = None
    if can_score and call.status == CallStatus.SCORING:
        mine = {
            f"criterion_{s.criterion}": s.value
            for s in application.scores.filter(scorer=request.user)
        }
        form = ScoreForm(initial=mine, call=call)
    return render(
        request,
        "calls/application_detail.html",
        {
            "application": application,
            "call": call,
            "can_score": can_score,
            "score_form": form,
            "scores": application.scores.select_related("scorer") if can_score else [],
        },
    )


@permission_required("calls.score_application", fn=_application)
def application_score(request, pk):
    application = _application(request, pk)
    form = ScoreForm(request.POST or None, call=application.call)
    if submit_form(
        request,
        form,
        lambda data: services.application_score(
            application=application,
            scores=form.scores(),
            comment=data.get("comment", ""),
            by=request.user,
        ),
        success=_("Your scores are saved."),
    ):
        return redirect(application.call)
    return render(
        request,
        "calls/form.html",
        {
            "form": form,
            "title": _("Score %(association)s") % {"association": application.association},
            "intro": "",
            "back": application.get_absolute_url(),
        },
    )


@permission_required("calls.manage_call", fn=_call)
def call_select(request, pk):
    call = _call(request, pk)
    applications = ranked_applications(call)
    form = SelectionForm(request.POST or None, applications=applications)

    def decide(data):
        decisions = [
            services.Decision(
                application=application,
                selected=data[f"selected_{application.pk}"],
                hours_credit=data[f"hours_{application.pk}"] or 0,
                cash_current_period=data[f"cash_{application.pk}"] or 0,
                reason=data[f"reason_{application.pk}"],
            )
            for application in applications
        ]
        return services.call_select(call=call, decisions=decisions, by=request.user)

    if submit_form(
        request,
        form,
        decide,
        success=_(
            "The panel is selected: the mixed subsidies are proposed in the programme, and every "
            "association is told by e-mail. Next: vote the subsidies once the council has."
        ),
    ):
        return redirect(call.programme)
    return render(
        request, "calls/select.html", {"call": call, "form": form, "applications": applications}
    )
