from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metis.accounts.enums import Role
from metis.accounts.forms import InvitationForm
from metis.accounts.permissions import organisation_ids
from metis.accounts.services import invitations_send, membership_end, parse_invitation_list
from metis.core.forms import show_refusal, submit_form
from metis.core.params import search_param
from metis.core.permissions import permission_required

from . import services
from .enums import OrganisationStatus
from .forms import (
    AssociationForm,
    CompanyForm,
    FiscalYearForm,
    LocalInvitationForm,
    TerritoryForm,
    TerritorySignupForm,
)
from .models import Association, Commune, Company, CompanyFiscalYear, Operator, Territory
from .selectors import (
    associations_visible_to,
    companies_visible_to,
    organisations_search,
    territories_visible_to,
)


@login_not_required
def commune_autocomplete(request):
    communes = Commune.objects.search(search_param(request))[:20]
    return JsonResponse({"results": [{"id": c.pk, "text": c.label} for c in communes]})


def _get(model, pk):
    return get_object_or_404(model, pk=pk)


# Companies ---------------------------------------------------------------------------------


LIST_PAGE_SIZE = 50


def _list_page(request, queryset, identifiers):
    query = search_param(request)
    found = organisations_search(queryset, query, identifiers)
    page = Paginator(found, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "q": query, "query": urlencode({"q": query})}


def company_list(request):
    context = _list_page(request, companies_visible_to(request.user), ("siren",))
    return render(request, "organisations/company_list.html", context)


@permission_required("organisations.view_company", fn=lambda request, pk: _get(Company, pk))
def company_detail(request, pk):
    company = _get(Company, pk)
    return render(
        request,
        "organisations/company_detail.html",
        {
            "company": company,
            "fiscal_years": company.fiscal_years.order_by("-end_date"),
            "history": company.history.select_related("history_user")[:20],
        },
    )


@permission_required("organisations.change_company", fn=lambda request, pk: _get(Company, pk))
def company_update(request, pk):
    company = _get(Company, pk)
    form = CompanyForm(request.POST or None, instance=company)
    saved = submit_form(
        request, form, lambda data: services.organisation_update(organisation=company, data=data)
    )
    if saved:
        messages.success(request, _("The company has been updated."))
        return redirect(company)
    return render(
        request, "organisations/form.html", {"form": form, "title": company.name, "intro": ""}
    )


def company_register(request):
    form = CompanyForm(request.POST or None)
    company = submit_form(
        request, form, lambda data: services.company_register(user=request.user, data=data)
    )
    if company:
        messages.success(
            request,
            _(
                "Your company is registered. The operator or the territory will activate it "
                "shortly."
            ),
        )
        return redirect(company)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": _("Register a company"),
            "intro": _(
                "Sign your company up with its SIREN number. You will be its first referent."
            ),
        },
    )


@permission_required(
    "organisations.change_company", fn=lambda request, pk, fy=None: _get(Company, pk)
)
def fiscal_year_edit(request, pk, fy=None):
    company = _get(Company, pk)
    fiscal_year = get_object_or_404(CompanyFiscalYear, pk=fy, company=company) if fy else None
    form = FiscalYearForm(request.POST or None, instance=fiscal_year)
    saved = submit_form(
        request,
        form,
        lambda data: services.fiscal_year_save(company=company, data=data, fiscal_year=fiscal_year),
    )
    if saved:
        messages.success(request, _("The fiscal year has been saved."))
        return redirect(company)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": _("Fiscal year of %(company)s") % {"company": company},
            "intro": "",
        },
    )


# Associations ------------------------------------------------------------------------------


def association_list(request):
    context = _list_page(request, associations_visible_to(request.user), ("rna", "siren"))
    return render(request, "organisations/association_list.html", context)


@permission_required("organisations.view_association", fn=lambda request, pk: _get(Association, pk))
def association_detail(request, pk):
    association = _get(Association, pk)
    return render(
        request,
        "organisations/association_detail.html",
        {
            "association": association,
            "fiscal_year_closes": _fiscal_year_closes(association),
            "history": association.history.select_related("history_user")[:20],
        },
    )


def _fiscal_year_closes(association) -> str:
    from django.utils.dates import MONTHS

    return _("on the last day of %(month)s") % {
        "month": MONTHS[association.fiscal_year_end_month].lower()
    }


@permission_required(
    "organisations.change_association", fn=lambda request, pk: _get(Association, pk)
)
def association_update(request, pk):
    association = _get(Association, pk)
    form = AssociationForm(request.POST or None, instance=association)
    saved = submit_form(
        request,
        form,
        lambda data: services.organisation_update(organisation=association, data=data),
    )
    if saved:
        messages.success(request, _("The association has been updated."))
        return redirect(association)
    return render(
        request, "organisations/form.html", {"form": form, "title": association.name, "intro": ""}
    )


def association_register(request):
    form = AssociationForm(request.POST or None)
    association = submit_form(
        request, form, lambda data: services.association_register(user=request.user, data=data)
    )
    if association and services.registers_for_others(request.user):
        messages.success(
            request,
            _(
                "The association is registered, waiting for activation. You are not its member: "
                "invite its managers from its members page."
            ),
        )
        return redirect(association)
    if association:
        messages.success(
            request,
            _(
                "Your association is registered. The operator or the territory will activate "
                "it shortly."
            ),
        )
        return redirect(association)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": _("Register an association"),
            "intro": _(
                "Sign your association up with its RNA or SIREN number (or, in "
                "Alsace-Moselle, its court register number). You will be its first manager."
            ),
        },
    )


# Territories -------------------------------------------------------------------------------


def territory_list(request):
    return render(
        request,
        "organisations/territory_list.html",
        {"territories": territories_visible_to(request.user)},
    )


@permission_required("organisations.view_territory", fn=lambda request, pk: _get(Territory, pk))
def territory_detail(request, pk):
    territory = _get(Territory, pk)
    return render(
        request,
        "organisations/territory_detail.html",
        {
            "territory": territory,
            "history": territory.history.select_related("history_user")[:20],
        },
    )


@permission_required("organisations.add_territory")
def territory_create(request):
    form = TerritoryForm(request.POST or None)
    form.fields["operator"].queryset = Operator.objects.filter(
        memberships__user=request.user, memberships__ended_at__isnull=True
    ).distinct()
    if request.method == "POST" and form.is_valid():
        territory = services.territory_create(data=form.cleaned_data)
        messages.success(request, _("The territory has been created."))
        return redirect(territory)
    return render(
        request, "organisations/form.html", {"form": form, "title": _("New territory"), "intro": ""}
    )


def territory_register(request):
    """A commune signs up; the person becomes its officer once the operator activates it."""
    form = TerritorySignupForm(
        request.POST or None,
        initial={"first_name": request.user.first_name, "last_name": request.user.last_name},
    )
    territory = submit_form(
        request,
        form,
        lambda data: services.territory_register(user=request.user, **data),
        success=_(
            "Your commune is registered. The operator will check and activate it; you will then "
            "start your first programme from the METIS template."
        ),
    )
    if territory:
        return redirect("inbox:home")
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": _("Register your commune"),
            "intro": _(
                "For the town hall's officer in charge of associations or of the social and "
                "solidarity economy. You will be the first officer of your territory on METIS."
            ),
        },
    )


@permission_required(
    "organisations.manage_territory_members", fn=lambda request, pk: _get(Territory, pk)
)
def territory_invite_local(request, pk):
    """The territory invites its local companies or associations in bulk."""
    territory = _get(Territory, pk)
    form = LocalInvitationForm(request.POST or None)
    count = submit_form(
        request,
        form,
        lambda data: services.territory_invite_local(
            territory=territory,
            kind=data["kind"],
            people=parse_invitation_list(data["people"]),
            by=request.user,
        ),
    )
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation sent: activate the organisations as they register.",
                "%(count)s invitations sent: activate the organisations as they register.",
                count,
            )
            % {"count": count},
        )
        return redirect(territory)
    return render(
        request,
        "organisations/form.html",
        {
            "form": form,
            "title": _("Invite the local companies and associations"),
            "intro": _(
                "Each person receives by e-mail the link to register their company or "
                "association on METIS; you will find them in “To activate”."
            ),
        },
    )


# Activation --------------------------------------------------------------------------------


@permission_required("organisations.review_pending")
def pending_list(request):
    return render(
        request,
        "organisations/pending_list.html",
        {
            "companies": [
                c
                for c in companies_visible_to(request.user).pending()
                if request.user.has_perm("organisations.activate_company", c)
            ],
            "associations": [
                a
                for a in associations_visible_to(request.user).pending()
                if request.user.has_perm("organisations.activate_association", a)
            ],
            "territories": Territory.objects.filter(
                status=OrganisationStatus.PENDING,
                operator__in=organisation_ids(request.user, Role.OPERATOR_STAFF, "operator"),
            ).select_related("commune"),
        },
    )


ORGANISATION_MODELS = {
    "entreprise": Company,
    "association": Association,
    "territoire": Territory,
    "operateur": Operator,
}


@require_POST
def organisation_activate(request, kind, pk):
    model = ORGANISATION_MODELS.get(kind)
    if model not in (Company, Association, Territory):
        raise Http404
    organisation = _get(model, pk)
    if not request.user.has_perm(f"organisations.activate_{model._meta.model_name}", organisation):
        raise PermissionDenied
    try:
        services.organisation_activate(organisation=organisation, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("%(name)s is now active.") % {"name": organisation})
    return redirect("organisations:pending")


# Members -----------------------------------------------------------------------------------

MEMBER_ROLES = {
    Company: (Role.EMPLOYEE, Role.COMPANY_REFERENT),
    Association: (Role.ASSOCIATION_MANAGER,),
    Territory: (Role.TERRITORY_OFFICER, Role.ELECTED_MEMBER),
    Operator: (Role.OPERATOR_STAFF,),
}


def _organisation_for_members(request, kind, pk):
    model = ORGANISATION_MODELS.get(kind)
    if model is None:
        raise Http404
    organisation = _get(model, pk)
    if not request.user.has_perm(
        f"organisations.manage_{model._meta.model_name}_members", organisation
    ):
        raise PermissionDenied
    return organisation


def members(request, kind, pk):
    organisation = _organisation_for_members(request, kind, pk)
    roles = MEMBER_ROLES[type(organisation)]
    form = InvitationForm(request.POST or None, request.FILES or None, roles=roles)
    sent = submit_form(
        request,
        form,
        lambda data: invitations_send(
            organisation=organisation, role=data["role"], people=data["rows"], by=request.user
        ),
    )
    if sent is not None:
        count = len(sent)
        messages.success(
            request,
            ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", count)
            % {"count": count},
        )
        return redirect("organisations:members", kind=kind, pk=pk)
    memberships = organisation.memberships.select_related("user").order_by(
        "ended_at", "role", "user__last_name"
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "kind": kind,
            "form": form,
            "memberships": memberships,
            "invitations": organisation.invitations.pending().order_by("-created_at"),
        },
    )


@require_POST
def member_end(request, kind, pk, membership_pk):
    organisation = _organisation_for_members(request, kind, pk)
    membership = get_object_or_404(organisation.memberships, pk=membership_pk)
    try:
        membership_end(membership=membership, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request, _("The membership of %(person)s has ended.") % {"person": membership.user}
        )
    return redirect("organisations:members", kind=kind, pk=pk)
