"""Screens of the company referent: approvals, extra hours, valued hours per employee."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metis.core.forms import done, refused
from metis.core.params import get_posted_object_or_404, posted_ids
from metis.core.permissions import permission_required
from metis.needs.services import common as needs_common
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import participations as participation_services

from .. import selectors
from ..enums import (
    ExtraHoursStatus,
    ParticipationOrigin,
)
from ..forms import (
    ApprovalForm,
    refusal_form,
)
from ..models import ExtraHoursRequest, Participation
from .common import (
    _company,
    _period,
    _valued,
)


@permission_required("needs.approve_for_company", fn=_company)
def approvals(request):
    company = _company(request)
    awaiting = Participation.objects.for_company(company).awaiting_employer().with_need()
    # Civic days are answered as booked, on their own page (metis.civic).
    waiting = awaiting.exclude(origin=ParticipationOrigin.CIVIC_DAY)
    civic_days = awaiting.filter(origin=ParticipationOrigin.CIVIC_DAY).order_by(
        "employer_answer_due", "pk"
    )
    if request.method == "POST":
        if request.POST.get("decision") == "refuser":
            participation = get_posted_object_or_404(waiting, request, "participation")
            form = refusal_form(request.POST)
            try:
                if not form.is_valid():
                    raise ValidationError(needs_common.REASON_REQUIRED)
                participation_services.participation_refuse(
                    participation=participation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                return refused(request, error, request.path)
            return done(request, _("The participation is refused."), request.path)
        selected = list(waiting.filter(pk__in=posted_ids(request, "participations")))
        planned, errors = {}, {}
        for participation in selected:
            form = ApprovalForm(request.POST, prefix=str(participation.pk))
            if form.is_valid():
                planned[participation.pk] = (
                    form.cleaned_data["planned_hours"],
                    form.cleaned_data["starts_on"],
                    form.cleaned_data["ends_on"],
                )
            else:
                errors[participation.pk] = _("Give the planned hours and dates.")
        approved, failures = participation_services.participations_approve_bulk(
            participations=[p for p in selected if p.pk in planned],
            by=request.user,
            planned=planned,
        )
        errors.update(failures)
        if approved:
            messages.success(
                request, _("%(count)s participations approved.") % {"count": len(approved)}
            )
        for participation in selected:
            if participation.pk in errors:
                messages.error(request, f"{participation.volunteer} — {errors[participation.pk]}")
        return redirect(request.path)
    rows = [
        (
            participation,
            ApprovalForm(
                prefix=str(participation.pk),
                initial={
                    "planned_hours": participation.need.estimated_hours,
                    "starts_on": max(participation.need.starts_on, timezone.localdate()),
                    "ends_on": min(
                        participation.need.ends_on, participation.need.programme.ends_on
                    ),
                },
            ),
        )
        for participation in waiting
    ]
    return render(
        request,
        "needs/approvals.html",
        {"rows": rows, "refusal_form": refusal_form(), "civic_days": civic_days},
    )


@permission_required("needs.approve_for_company", fn=_company)
def extra_hours(request):
    company = _company(request)
    requests = (
        ExtraHoursRequest.objects.for_company(company)
        .select_related("participation__volunteer", "participation__need")
        .order_by("status", "-created_at")
    )
    if request.method == "POST":
        extra = get_posted_object_or_404(requests, request, "request")
        try:
            if request.POST.get("decision") == "approuver":
                extra_hours_services.extra_hours_approve(request=extra, by=request.user)
            else:
                form = refusal_form(request.POST)
                if not form.is_valid():
                    raise ValidationError(needs_common.REASON_REQUIRED)
                extra_hours_services.extra_hours_refuse(
                    request=extra, by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            return refused(request, error, request.path)
        return done(request, _("The request has been decided."), request.path)
    return render(
        request,
        "needs/extra_hours.html",
        {
            "requests": requests,
            "pending_status": ExtraHoursStatus.PENDING,
            "refusal_form": refusal_form(),
        },
    )


@permission_required("needs.view_valued_hours_per_employee", fn=_company)
def company_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(company=_company(request), period=period, per_employee=True)
    return _valued(request, rows, year, per_employee=True)
