"""Screens of the mission cycle. Each view parses input, calls one service, renders."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.allocations.recommendations import recommend_volunteers
from metis.core.forms import apply_validation_error
from metis.core.permissions import permission_required
from metis.ledger.selectors import credit_balance

from . import selectors, services
from .enums import (
    ExtraHoursStatus,
    NeedStatus,
    ParticipationStatus,
    RefusalReason,
)
from .forms import (
    ApprovalForm,
    CatalogueForm,
    MessageForm,
    ModerationForm,
    NeedForm,
    TimeEntryForm,
    refusal_form,
    rejection_form,
    withdrawal_form,
)
from .models import ExtraHoursRequest, Need, Participation, TimeEntry
from .templates_data import need_templates

PAGE_SIZE = 20


def _current(request, role):
    """The organisation of the current membership when it holds `role`, else None (→ 403)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != role:
        return None
    return membership.organisation


def _association(request, *args, **kwargs):
    return _current(request, Role.ASSOCIATION_MANAGER)


def _company(request, *args, **kwargs):
    return _current(request, Role.COMPANY_REFERENT)


def _territory(request, *args, **kwargs):
    return _current(request, Role.TERRITORY_OFFICER)


def _need(request, pk, *args, **kwargs):
    return get_object_or_404(Need.objects.select_related("association", "programme"), pk=pk)


def _participation(request, pk, *args, **kwargs):
    return get_object_or_404(Participation.objects.with_need(), pk=pk)


def _entry(request, pk, *args, **kwargs):
    return get_object_or_404(
        TimeEntry.objects.select_related("participation__need__association"), pk=pk
    )


def _extra(request, pk, *args, **kwargs):
    return get_object_or_404(
        ExtraHoursRequest.objects.select_related("participation__company"), pk=pk
    )


def _period(request):
    """?annee=YYYY (default: the current year) → (1 Jan, 31 Dec)."""
    try:
        year = int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return year, (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _done(request, message, url):
    messages.success(request, message)
    return redirect(url)


def _failed(request, error: ValidationError, url):
    for message in error.messages:
        messages.error(request, message)
    return redirect(url)


# Public catalogue ------------------------------------------------------------------------------


@login_not_required
def catalogue(request):
    form = CatalogueForm(request.GET or None)
    needs = form.filter(
        Need.objects.visible_in_catalogue()
        .select_related("association", "commune")
        .prefetch_related("skills_required")
        .order_by("ends_on", "pk")
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "needs/catalogue.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_not_required
def public_detail(request, pk, slug=None):
    need = get_object_or_404(
        Need.objects.select_related("association", "commune", "programme"), pk=pk
    )
    can_manage = request.user.has_perm("needs.change_need", need)
    if need.status not in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS) and not can_manage:
        raise Http404
    mine = None
    if request.user.is_authenticated:
        mine = need.participations.open().filter(volunteer=request.user).first()
    return render(
        request,
        "needs/public_detail.html",
        {
            "need": need,
            "can_apply": request.user.has_perm("needs.apply")
            and mine is None
            and need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS)
            and not need.is_expired,
            "mine": mine,
            "form": MessageForm(),
            "can_manage": can_manage,
        },
    )


@require_POST
@permission_required("needs.apply")
def apply(request, pk):
    need = _need(request, pk)
    form = MessageForm(request.POST)
    form.is_valid()
    try:
        participation = services.participation_apply(
            need=need, volunteer=request.user, message=form.cleaned_data.get("message", "")
        )
    except ValidationError as error:
        return _failed(request, error, need.get_absolute_url())
    return _done(
        request,
        _("Your application has been sent to the association."),
        participation.get_absolute_url(),
    )


# Association ----------------------------------------------------------------------------------


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
            "programmes": services.programmes_for_association(association),
        },
    )


@permission_required("needs.manage_association_needs", fn=_association)
def need_create(request):
    association = _association(request)
    initial = {"commune": association.commune_id}
    code = request.GET.get("modele")
    if code:
        try:
            initial.update(services.need_initial_from_template(code))
        except ValidationError as error:
            return _failed(request, error, "needs:association_needs")
    form = NeedForm(request.POST or None, initial=initial, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                association=association, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(request, _("The need has been saved as a draft."), _manage_url(need))
    return render(request, "needs/need_form.html", {"form": form, "need": None})


def _manage_url(need):
    from django.urls import reverse

    return reverse("needs:need_manage", args=[need.pk])


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
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(need=need, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(request, _("The need has been saved."), _manage_url(need))
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
            "warning": services.need_credit_warning(need),
            "credit": credit_balance(need.programme, need.association),
            "refusal_form": refusal_form(),
            "can_invite": need.status in (NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS),
            "recommendations": recommend_volunteers(need),
        },
    )


NEED_ACTIONS = {
    "publier": (services.need_publish, _("The need is published.")),
    "terminer": (services.need_complete, _("The need is completed.")),
    "annuler": (services.need_cancel, _("The need is cancelled.")),
}


@require_POST
@permission_required("needs.change_need", fn=_need)
def need_action(request, pk, action):
    need = _need(request, pk)
    if action not in NEED_ACTIONS:
        raise Http404
    service, message = NEED_ACTIONS[action]
    try:
        service(need=need, by=request.user)
    except ValidationError as error:
        return _failed(request, error, _manage_url(need))
    return _done(request, str(message), _manage_url(need))


@permission_required("needs.change_need", fn=_need)
def need_invite(request, pk):
    need = _need(request, pk)
    if request.method == "POST":
        volunteer = get_object_or_404(User, pk=request.POST.get("volunteer"))
        try:
            services.participation_invite(
                need=need,
                volunteer=volunteer,
                by=request.user,
                message=request.POST.get("message", ""),
            )
        except ValidationError as error:
            return _failed(request, error, request.path)
        return _done(request, _("The invitation has been sent."), request.path)
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
            services.participation_accept(participation=participation, by=request.user)
            return _done(request, _("The application is accepted."), url)
        form = refusal_form(request.POST)
        if not form.is_valid():
            raise ValidationError(services.REASON_REQUIRED)
        services.participation_refuse(
            participation=participation, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _failed(request, error, url)
    return _done(request, _("The application is refused."), url)


@permission_required("needs.manage_association_needs", fn=_association)
def hours_to_validate(request):
    association = _association(request)
    if request.method == "POST":
        ids = request.POST.getlist("entries")
        entries = list(TimeEntry.objects.for_association(association).filter(pk__in=ids))
        if request.POST.get("decision") == "rejeter":
            form = rejection_form(request.POST)
            if not form.is_valid():
                messages.error(request, services.REASON_REQUIRED)
                return redirect(request.path)
            for entry in entries:
                try:
                    services.time_entry_reject(entry=entry, by=request.user, **form.cleaned_data)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            messages.success(request, _("%(count)s entries rejected.") % {"count": len(entries)})
            return redirect(request.path)
        done, errors = services.time_entries_validate_bulk(entries=entries, by=request.user)
        messages.success(request, _("%(count)s entries validated.") % {"count": len(done)})
        for message in errors.values():
            messages.error(request, message)
        return redirect(request.path)
    entries = (
        TimeEntry.objects.for_association(association)
        .declared()
        .select_related("participation__volunteer", "participation__need")
        .order_by("date", "pk")
    )
    recent = (
        TimeEntry.objects.for_association(association)
        .validated()
        .select_related("participation__volunteer", "participation__need")
        .order_by("-validated_at", "-pk")[:20]
    )
    return render(
        request,
        "needs/hours_to_validate.html",
        {"entries": entries, "recent": recent, "rejection_form": rejection_form()},
    )


@require_POST
@permission_required("needs.validate_time_entry", fn=_entry)
def time_entry_reverse(request, pk):
    entry = _entry(request, pk)
    try:
        services.time_entry_reverse(entry=entry, by=request.user, memo=request.POST.get("memo", ""))
    except ValidationError as error:
        return _failed(request, error, "needs:hours_to_validate")
    return _done(request, _("The entry has been reversed."), "needs:hours_to_validate")


@permission_required("needs.view_association_valued_hours", fn=_association)
def association_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(association=_association(request), period=period)
    return _valued(request, rows, year, per_employee=False)


def _valued(request, rows, year, *, per_employee):
    return render(
        request,
        "needs/valued_hours.html",
        {
            "rows": rows,
            "totals": selectors.valued_hours_totals(rows),
            "year": year,
            "per_employee": per_employee,
        },
    )


# Volunteer ------------------------------------------------------------------------------------


@permission_required("needs.apply")
def needs_for_you(request):
    return render(
        request, "needs/needs_for_you.html", {"needs": selectors.needs_for_volunteer(request.user)}
    )


@permission_required("needs.apply")
def my_participations(request):
    participations = Participation.objects.for_volunteer(request.user).with_need()
    return render(request, "needs/my_participations.html", {"participations": participations})


@permission_required("needs.view_participation", fn=_participation)
def participation_detail(request, pk):
    participation = _participation(request, pk)
    is_volunteer = participation.volunteer_id == request.user.pk
    entries = participation.time_entries.all()
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
            "pending_extra": participation.extra_hours_requests.pending().first(),
        },
    )


@require_POST
@permission_required("needs.declare_hours", fn=_participation)
def declare_hours(request, pk):
    participation = _participation(request, pk)
    form = TimeEntryForm(request.POST)
    if form.is_valid():
        try:
            services.time_entry_declare(
                participation=participation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _done(
                request, _("Your hours have been declared."), participation.get_absolute_url()
            )
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(participation.get_absolute_url())


@require_POST
@permission_required("needs.withdraw_participation", fn=_participation)
def participation_withdraw(request, pk):
    participation = _participation(request, pk)
    form = withdrawal_form(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(services.REASON_REQUIRED)
        services.participation_withdraw(
            participation=participation, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _failed(request, error, participation.get_absolute_url())
    return _done(request, _("The participation is withdrawn."), participation.get_absolute_url())


@require_POST
@permission_required("needs.answer_invitation", fn=_participation)
def invitation_answer(request, pk):
    participation = _participation(request, pk)
    url = participation.get_absolute_url()
    try:
        if request.POST.get("decision") == "accepter":
            services.participation_accept(participation=participation, by=request.user)
            return _done(request, _("You accepted the invitation."), url)
        services.participation_refuse(
            participation=participation,
            by=request.user,
            reason=request.POST.get("reason") or RefusalReason.OTHER,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        return _failed(request, error, url)
    return _done(request, _("You declined the invitation."), url)


@permission_required("needs.apply")
def my_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(volunteer=request.user, period=period, per_employee=True)
    return _valued(request, rows, year, per_employee=True)


# Company referent ------------------------------------------------------------------------------


@permission_required("needs.approve_for_company", fn=_company)
def approvals(request):
    company = _company(request)
    waiting = Participation.objects.for_company(company).awaiting_employer().with_need()
    if request.method == "POST":
        if request.POST.get("decision") == "refuser":
            participation = get_object_or_404(waiting, pk=request.POST.get("participation"))
            form = refusal_form(request.POST)
            try:
                if not form.is_valid():
                    raise ValidationError(services.REASON_REQUIRED)
                services.participation_refuse(
                    participation=participation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                return _failed(request, error, request.path)
            return _done(request, _("The participation is refused."), request.path)
        selected = list(waiting.filter(pk__in=request.POST.getlist("participations")))
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
        approved, failures = services.participations_approve_bulk(
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
    return render(request, "needs/approvals.html", {"rows": rows, "refusal_form": refusal_form()})


@permission_required("needs.approve_for_company", fn=_company)
def extra_hours(request):
    company = _company(request)
    requests = (
        ExtraHoursRequest.objects.for_company(company)
        .select_related("participation__volunteer", "participation__need")
        .order_by("status", "-created_at")
    )
    if request.method == "POST":
        extra = get_object_or_404(requests, pk=request.POST.get("request"))
        try:
            if request.POST.get("decision") == "approuver":
                services.extra_hours_approve(request=extra, by=request.user)
            else:
                form = refusal_form(request.POST)
                if not form.is_valid():
                    raise ValidationError(services.REASON_REQUIRED)
                services.extra_hours_refuse(request=extra, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _failed(request, error, request.path)
        return _done(request, _("The request has been decided."), request.path)
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


# Operator and territory ------------------------------------------------------------------------


@permission_required("needs.moderate_need")
def moderation(request):
    if request.method == "POST":
        need = get_object_or_404(Need, pk=request.POST.get("need"))
        form = ModerationForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(services.REASON_REQUIRED)
            services.need_moderate(need=need, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            return _failed(request, error, request.path)
        return _done(request, _("The need has been taken out of the catalogue."), request.path)
    needs = (
        Need.objects.published()
        .select_related("association", "programme__territory")
        .order_by("-published_at", "-pk")
    )
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "needs/moderation.html", {"page": page, "form": ModerationForm()})


@permission_required("needs.view_territory_valued_hours", fn=_territory)
def territory_valued_hours(request):
    year, period = _period(request)
    rows = selectors.valued_hours(territory=_territory(request), period=period)
    return _valued(request, rows, year, per_employee=False)


__all__ = ["PermissionDenied"]
