"""The outcome form of a completed mission and the withdrawal of a quote's consent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import submit_form
from metis.core.permissions import permission_required
from metis.needs.models import Participation

from . import services
from .forms import OutcomeForm
from .models import Outcome
from .selectors import awaited_respondent


def _participation(request, pk):
    return get_object_or_404(
        Participation.objects.select_related("need__association", "volunteer", "company"),
        pk=pk,
    )


def _outcome(request, pk):
    return get_object_or_404(Outcome, pk=pk)


@permission_required("outcomes.answer", fn=_participation)
def answer(request, pk):
    participation = _participation(request, pk)
    respondent = awaited_respondent(request.user, participation)
    mine = participation.outcomes.filter(author=request.user).first()
    if respondent is None:
        return render(
            request,
            "outcomes/answered.html",
            {"participation": participation, "outcome": mine},
        )
    form = OutcomeForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.outcome_submit(
            participation=participation, respondent=respondent, data=data, by=request.user
        ),
        success=_("Thank you: your answers feed the territory's report and its public page."),
    ):
        return redirect(participation)
    return render(
        request,
        "outcomes/form.html",
        {"form": form, "participation": participation, "respondent": respondent},
    )


@permission_required("outcomes.withdraw_consent", fn=_outcome)
def withdraw_consent(request, pk):
    outcome = _outcome(request, pk)
    if request.method == "POST":
        services.outcome_consent_withdraw(outcome=outcome, by=request.user)
        messages.success(request, _("Your sentence will no longer be published."))
        return redirect("outcomes:answer", outcome.participation_id)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Withdraw my consent"),
            "question": _("Your sentence will be removed from every public page and report."),
            "details": [],
            "button": _("Withdraw my consent"),
            "back": outcome.participation.get_absolute_url(),
            "danger": True,
        },
    )
