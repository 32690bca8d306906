"""Screens of the association manager: needs, invitations, applications, hours to validate."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from metis.accounts.models import User
from metis.core.formats import amount as hours_amount
from metis.core.forms import done, refused, submit_form
from metis.core.params import get_posted_object_or_404, posted_ids
from metis.core.permissions import permission_required
from metis.ledger.selectors import credit_balance
from metis.needs.services import common as needs_common
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.needs.services import time_entries as time_entry_services

from .. import selectors
from ..enums import (
    OPEN_PARTICIPATION_STATUSES,
    RESERVED_STATUSES,
    NeedStatus,
    ParticipationStatus,
)
from ..forms import (
    NeedForm,
    refusal_form,
    rejection_form,
)
from ..models import Need, Participation, TimeEntry
from ..templates_data import need_templates
from .common import (
    PAGE_SIZE,
    _association,
    _entry,
    _manage_url,
    _need,
    _participation,
    _period,
    _valued,
)


@permission_required("needs.manage_association_needs", fn=_association)
def association_needs(request):
    association = _association(request)
    needs = (
        Need.objects.for_association(association)
        .with_participation_counts()
        .select_related("programme")
    )
    status = request.GET.get("statut")
    if status in NeedStatus.values:
        needs = needs.filter(status=status)
    return render(
        request,
        "needs/association_needs.html",
        {
            "association": association,
            "needs": needs,
            "statuses": NeedStatus.choices,
            "status": status or "",
            "templates": sorted(need_templates().values(), key=lambda t: t["title"]),
            "programmes": need_services.programmes_for_association(association),
        },
    )


@permission_required("needs.manage_association_needs", fn=_association)
def need_create(request):
    association = _association(request)
    initial = {"commune": association.commune_id}
    code = request.GET.get("modele")
    if code:
        try:
            initial.update(need_services.need_initial_from_template(code))
        except ValidationError as error:
            return refused(request, error, "needs:association_needs")
    form = NeedForm(request.POST or None, initial=initial, association=association)
    need = submit_form(
        request,
        form,
        lambda data: need_services.need_create(association=association, data=data, by=request.user),
        success=_("The need has been saved as a draft."),
    )
    if need:
        return redirect(_manage_url(need))
    return render(request, "needs/need_form.html", {"form": form, "need": None})


@permission_required("needs.change_need", fn=_need)
def need_edit(request, pk):
    need = _need(request, pk)
    initial = {
        "programme": need.programme,
        "title": need.title,
        "description": need.description,
        "skills_required": list(need.skills_required.all()),
        "skills_welcome": list(need.skills_welcome.all()),
        "estimated_hours": need.estimated_hours,
        "format": need.format,
        "starts_on": need.starts_on,
        "ends_on": need.ends_on,
        "commune": need.commune_id,
        "volunteers_wanted": need.volunteers_wanted,
    }
    form = NeedForm(request.POST or None, initial=initial, association=need.association)
    if submit_form(
        request,
        form,
        lambda data: need_services.need_update(need=need, data=data, by=request.user),
        success=_("The need has been saved."),
    ):
        return redirect(_manage_url(need))
    return render(request, "needs/need_form.html", {"form": form, "need": need})


@permission_required("needs.change_need", fn=_need)
def need_manage(request, pk):
    need = _need(request, pk)
    participations = need.participations.select_related("volunteer", "company").order_by(
        "status", "-created_at"
    )
    return render(
        request,
        "needs/need_manage.html",
        {
            "need": need,
            "participations": participations,
            "warning": need_services.need_credit_warning(need),
            "credit": credit_balance(need.programme, need.association),
            "refusal_form": refusal_form(),
            "can_invite": need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS),
            "progress": selectors.hours_progress(need.participations.all()),
        },
    )


NEED_ACTIONS = {
    "publier": (need_services.need_publish, _("The need is published.")),
    "ouvrir-journees-civiques": (
        partial(need_services.need_civic_days_set, open_to_civic_days=True),
        _("The need is open to civic days: employees all over France can book one."),
    ),
    "fermer-journees-civiques": (
        partial(need_services.need_civic_days_set, open_to_civic_days=False),
        _("The need takes no more civic days (those booked are kept)."),
    ),
    "terminer": (need_services.need_complete, _("The need is completed.")),
    "annuler": (need_services.need_cancel, _("The need is cancelled.")),
}


# Done at once, without a confirmation screen.
IMMEDIATE_ACTIONS = ("publier", "ouvrir-journees-civiques", "fermer-journees-civiques")

# Open participations that hold no reservation yet: cancelled with the need.
PENDING_STATUSES = tuple(s for s in OPEN_PARTICIPATION_STATUSES if s not in RESERVED_STATUSES)


def _confirmation(need, action) -> dict:
    """What the confirmation screen of a closing action says it will do."""
    pending = need.participations.filter(status__in=PENDING_STATUSES).count()
    reserved = need.participations.filter(status__in=RESERVED_STATUSES).count()
    names = {"need": need.title, "pending": pending, "reserved": reserved}
    if action == "annuler":
        return {
            "title": _("Cancel the need"),
            "question": _(
                "Cancelling “%(need)s” takes it out of the catalogue for good: it cannot be "
                "published again."
            )
            % names,
            "details": [
                ngettext(
                    "%(pending)s pending application or invitation will be cancelled and its "
                    "volunteer told.",
                    "%(pending)s pending applications or invitations will be cancelled and their "
                    "volunteers told.",
                    pending,
                )
                % names
            ]
            if pending
            else [],
            "button": _("Cancel the need"),
            "danger": True,
        }
    return {
        "title": _("Mark as completed"),
        "question": _("Marking “%(need)s” as completed closes it.") % names,
        "details": [
            ngettext(
                "%(reserved)s participation under way will be completed: its unused reserved "
                "hours go back to your credit and to the employer's pledge.",
                "%(reserved)s participations under way will be completed: their unused reserved "
                "hours go back to your credit and to the employers' pledges.",
                reserved,
            )
            % names
        ]
        + [
            ngettext(
                "%(pending)s pending application or invitation will be cancelled.",
                "%(pending)s pending applications or invitations will be cancelled.",
                pending,
            )
            % names
        ],
        "button": _("Mark as completed"),
        "danger": False,
    }


@require_http_methods(["GET", "POST"])
@permission_required("needs.change_need", fn=_need)
def need_action(request, pk, action):
    """Publish at once; cancel and complete after a confirmation screen (GET) that says what
    they will do."""
    need = _need(request, pk)
    if action not in NEED_ACTIONS:
        raise Http404
    if request.method == "GET":
        if action in IMMEDIATE_ACTIONS:
            return redirect(_manage_url(need))
        return render(
            request,
            "confirm.html",
            {**_confirmation(need, action), "back": _manage_url(need)},
        )
    service, message = NEED_ACTIONS[action]
    try:
        service(need=need, by=request.user)
    except ValidationError as error:
        return refused(request, error, _manage_url(need))
    return done(request, str(message), _manage_url(need))


@permission_required("needs.change_need", fn=_need)
def need_invite(request, pk):
    need = _need(request, pk)
    if request.method == "POST":
        volunteer = get_posted_object_or_404(User, request, "volunteer")
        try:
            participation_services.participation_invite(
                need=need,
                volunteer=volunteer,
                by=request.user,
                message=request.POST.get("message", ""),
            )
        except ValidationError as error:
            return refused(request, error, request.path)
        return done(request, _("The invitation has been sent."), request.path)
    return render(
        request,
        "needs/need_invite.html",
        {"need": need, "profiles": selectors.volunteers_to_invite(need)},
    )


@require_POST
@permission_required("needs.decide_application", fn=_participation)
def application_decide(request, pk):
    participation = _participation(request, pk)
    url = _manage_url(participation.need)
    try:
        if request.POST.get("decision") == "accepter":
            participation_services.participation_accept(
                participation=participation, by=request.user
            )
            return done(request, _("The application is accepted."), url)
        form = refusal_form(request.POST)
        if not form.is_valid():
            raise ValidationError(needs_common.REASON_REQUIRED)
        participation_services.participation_refuse(
            participation=participation, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return refused(request, error, url)
    return done(request, _("The application is refused."), url)


ENTRIES_PER_PAGE = 50


@permission_required("needs.manage_association_needs", fn=_association)
def hours_to_validate(request):
    association = _association(request)
    if request.method == "POST":
        ids = posted_ids(request, "entries")
        entries = list(TimeEntry.objects.for_association(association).filter(pk__in=ids))
        if request.POST.get("decision") == "rejeter":
            form = rejection_form(request.POST)
            if not form.is_valid():
                messages.error(request, needs_common.REASON_REQUIRED)
                return redirect(request.path)
            written, errors = time_entry_services.time_entries_reject_bulk(
                entries=entries, by=request.user, **form.cleaned_data
            )
            success = ngettext(
                "%(count)s entry rejected.", "%(count)s entries rejected.", len(written)
            )
        else:
            written, errors = time_entry_services.time_entries_validate_bulk(
                entries=entries, by=request.user
            )
            success = ngettext(
                "%(count)s entry validated.", "%(count)s entries validated.", len(written)
            )
        messages.success(request, success % {"count": len(written)})
        for message in errors.values():
            messages.error(request, message)
        return redirect(request.path)
    entries = selectors.entries_listed(
        TimeEntry.objects.for_association(association).declared()
    ).order_by("date", "pk")
    recent = selectors.entries_listed(
        TimeEntry.objects.for_association(association).validated()
    ).order_by("-validated_at", "-pk")[:20]
    return render(
        request,
        "needs/hours_to_validate.html",
        {
            # Oldest first, a page at a time: an association with many volunteers can have
            # hundreds waiting.
            "page": Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page")),
            "recent": recent,
            "rejection_form": rejection_form(),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("needs.validate_time_entry", fn=_entry)
def time_entry_reverse(request, pk):
    entry = _entry(request, pk)
    if request.method == "GET":
        names = {
            "hours": hours_amount(entry.hours),
            "date": date_format(entry.date, "SHORT_DATE_FORMAT"),
            "volunteer": entry.participation.volunteer,
            "need": entry.participation.need.title,
        }
        return render(
            request,
            "confirm.html",
            {
                "title": _("Reverse a validated entry"),
                "question": _(
                    "Reversing the %(hours)s h of %(date)s by %(volunteer)s on “%(need)s” takes "
                    "them out of the delivered hours and puts them back in the reservation."
                )
                % names,
                "details": [
                    _(
                        "The entry stays in the history, marked as reversed; the volunteer can "
                        "declare the right hours again."
                    )
                ],
                "button": _("Reverse the entry"),
                "danger": True,
                "back": reverse("needs:hours_to_validate"),
            },
        )
    try:
        time_entry_services.time_entry_reverse(
            entry=entry, by=request.user, memo=request.POST.get("memo", "")
        )
    except ValidationError as error:
        return refused(request, error, "needs:hours_to_validate")
    return done(request, _("The entry has been reversed."), "needs:hours_to_validate")


@permission_required("needs.view_association_valued_hours", fn=_association)
def association_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(association=_association(request), period=period)
    return _valued(request, rows, year, per_employee=False)


@permission_required("needs.manage_association_needs", fn=_association)
def applications_to_review(request):
    """Every application waiting for the association's answer, oldest first."""
    applications = (
        Participation.objects.for_association(_association(request))
        .filter(status=ParticipationStatus.APPLIED)
        .with_need()
        .order_by("created_at", "pk")
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/applications_to_review.html", {"page": page})
