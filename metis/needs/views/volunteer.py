"""Screens of the employee volunteer: needs for them, participations, declared hours."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.core.forms import done, refused, submit_and_return
from metis.core.permissions import permission_required
from metis.needs.services import common as needs_common
from metis.needs.services import extra_hours as extra_hours_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services

from .. import selectors
from ..enums import (
    ParticipationStatus,
    RefusalReason,
)
from ..forms import (
    ExtraHoursForm,
    TimeEntryForm,
    refusal_form,
    withdrawal_form,
)
from ..models import Participation
from .common import (
    PAGE_SIZE,
    _participation,
    _period,
    _valued,
)


@permission_required("needs.apply")
def needs_for_you(request):
    return render(request, "needs/needs_for_you.html", {})


@permission_required("needs.apply")
def my_participations(request):
    participations = Participation.objects.for_volunteer(request.user).with_need()
    page = Paginator(participations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/my_participations.html", {"page": page})


@permission_required("needs.view_participation", fn=_participation)
def participation_detail(request, pk):
    participation = _participation(request, pk)
    is_volunteer = participation.volunteer_id == request.user.pk
    # Read once: the list, the hours progress and the timeline's "hours to validate".
    prefetch_related_objects([participation], "time_entries")
    entries = participation.time_entries.all()
    progress = selectors.participation_hours_progress(participation, entries)
    pending_extra = participation.extra_hours_requests.pending().first()
    # Money per employee: the employee and the company's referents only.
    show_value = is_volunteer or request.user.has_perm(
        "needs.view_valued_hours_per_employee", participation.company
    )
    return render(
        request,
        "needs/participation_detail.html",
        {
            "participation": participation,
            "entries": entries,
            "is_volunteer": is_volunteer,
            "show_value": show_value,
            "entry_form": TimeEntryForm(initial={"date": timezone.localdate()}),
            "withdrawal_form": withdrawal_form(),
            "refusal_form": refusal_form(),
            "can_declare": is_volunteer and participation.status == ParticipationStatus.ACTIVE,
            "can_withdraw": request.user.has_perm("needs.withdraw_participation", participation)
            and participation.status
            in (
                ParticipationStatus.ACCEPTED,
                ParticipationStatus.APPROVED,
                ParticipationStatus.ACTIVE,
            ),
            "can_answer": is_volunteer and participation.status == ParticipationStatus.INVITED,
            "pending_extra": pending_extra,
            "progress": progress,
            # Open once the reservation runs out (hours beyond it are refused).
            "can_ask_extra": participation.status == ParticipationStatus.ACTIVE
            and not participation.is_civic_day
            and request.user.has_perm("needs.request_extra_hours", participation),
            "can_answer_civic_day": participation.is_civic_day
            and participation.status == ParticipationStatus.ACCEPTED
            and request.user.has_perm("needs.approve_participation", participation),
            "extra_form": ExtraHoursForm(),
        },
    )


@require_POST
@permission_required("needs.declare_hours", fn=_participation)
def declare_hours(request, pk):
    participation = _participation(request, pk)
    form = TimeEntryForm(request.POST)
    return submit_and_return(
        request,
        form,
        lambda data: time_entry_services.time_entry_declare(
            participation=participation, by=request.user, **data
        ),
        success=_("Your hours have been declared."),
        to=participation.get_absolute_url(),
    )


@require_POST
@permission_required("needs.request_extra_hours", fn=_participation)
def extra_hours_ask(request, pk):
    participation = _participation(request, pk)
    form = ExtraHoursForm(request.POST)
    return submit_and_return(
        request,
        form,
        lambda data: extra_hours_services.extra_hours_request(
            participation=participation, by=request.user, **data
        ),
        success=_("Your request has been sent to the employer."),
        to=participation.get_absolute_url(),
    )


@require_POST
@permission_required("needs.withdraw_participation", fn=_participation)
def participation_withdraw(request, pk):
    participation = _participation(request, pk)
    form = withdrawal_form(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(needs_common.REASON_REQUIRED)
        participation_services.participation_withdraw(
            participation=participation, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return refused(request, error, participation.get_absolute_url())
    return done(request, _("The participation is withdrawn."), participation.get_absolute_url())


@require_POST
@permission_required("needs.answer_invitation", fn=_participation)
def invitation_answer(request, pk):
    participation = _participation(request, pk)
    url = participation.get_absolute_url()
    try:
        if request.POST.get("decision") == "accepter":
            participation_services.participation_accept(
                participation=participation, by=request.user
            )
            return done(request, _("You accepted the invitation."), url)
        participation_services.participation_refuse(
            participation=participation,
            by=request.user,
            reason=request.POST.get("reason") or RefusalReason.OTHER,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        return refused(request, error, url)
    return done(request, _("You declined the invitation."), url)


@permission_required("needs.apply")
def my_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(volunteer=request.user, period=period, per_employee=True)
    return _valued(request, rows, year, per_employee=True)
