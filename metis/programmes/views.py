"""Screens of programmes, pledges and mixed subsidies. Each view checks a rules permission,
parses input, calls one service and renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.permissions import organisation_ids
from metis.core.formats import amount
from metis.core.forms import refused, show_refusal, submit_form
from metis.core.permissions import permission_required
from metis.ledger import selectors as ledger
from metis.ledger.enums import AccountKind
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Company
from metis.organisations.selectors import associations_visible_to, territories_visible_to

from . import services
from .enums import ProgrammeStatus
from .forms import (
    PledgeForm,
    PledgeSignForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    SubsidyForm,
    SubsidyVoteForm,
)
from .models import MixedSubsidy, Pledge, Programme
from .selectors import (
    pledges_of_referent,
    programme_summary,
    programmes_visible_to,
)
from .starter import starter_initial


def _programme(request, pk):
    return get_object_or_404(Programme.objects.with_territory(), pk=pk)


def _pledge(request, pk):
    return get_object_or_404(
        Pledge.objects.select_related("programme__territory", "company"), pk=pk
    )


def _subsidy(request, pk):
    return get_object_or_404(
        MixedSubsidy.objects.select_related("programme__territory", "association"), pk=pk
    )


def _form_page(request, form, title, intro="", back=None):
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "intro": intro, "back": back},
    )


def _confirm_page(request, *, title, question, button, back, danger=False):
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "question": question,
            "details": [],
            "button": button,
            "back": back,
            "danger": danger,
        },
    )


# Programmes --------------------------------------------------------------------------------


def programme_list(request):
    programmes = programmes_visible_to(request.user).order_by("-starts_on", "name")
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_create": _manageable_territories(request.user).exists()},
    )


def _manageable_territories(user):
    """Officers manage their territory, operator staff every territory of their operator."""
    return territories_visible_to(user).order_by("name")


def programme_create(request):
    territories = _manageable_territories(request.user)
    if not territories.exists():
        raise PermissionDenied
    # A territory's first programme starts from the template (starter.py).
    first = territories.exclude(programmes__isnull=False).first()
    form = ProgrammeCreateForm(
        request.POST or None,
        territories=territories,
        initial=starter_initial(first) if first is not None else None,
    )
    programme = submit_form(
        request,
        form,
        lambda data: services.programme_create(
            territory=data["territory"],
            data={k: v for k, v in data.items() if k != "territory"},
            by=request.user,
        ),
        success=_("The programme has been created as a draft."),
    )
    if programme:
        return redirect(programme)
    return _form_page(
        request,
        form,
        _("New programme"),
        intro=_(
            "A first programme starts from the METIS template: a year, a target of hours and "
            "a reference hourly value you can change. Its council documents are ready to adapt "
            "on the programme's page."
        )
        if first is not None
        else "",
    )


@permission_required("programmes.view_programme", fn=_programme)
def council_texts(request, pk):
    """The texts of the council documents, filled with the programme's figures."""
    programme = _programme(request, pk)
    return render(request, "programmes/council_texts.html", {"programme": programme})


@permission_required("programmes.view_programme", fn=_programme)
def programme_detail(request, pk):
    programme = _programme(request, pk)
    subsidies = list(programme.subsidies.select_related("association", "programme"))
    credits = ledger.balances_per_holder(programme, AccountKind.CREDIT)
    for subsidy in subsidies:
        subsidy.credit_left = credits.get(subsidy.association_id)
    remaining = ledger.balances_per_holder(programme, AccountKind.PLEDGE)
    pledges = list(
        programme.pledges.select_related("company").prefetch_related("skill_restrictions")
    )
    for pledge in pledges:
        pledge.company_remaining = remaining.get(pledge.company_id)
    subsidy_form = None
    if programme.status != ProgrammeStatus.CLOSED:
        subsidy_form = SubsidyForm(
            associations=associations_visible_to(request.user)
            .filter(status=OrganisationStatus.ACTIVE)
            .exclude(subsidies__programme=programme)
            .order_by("name")
        )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "summary": programme_summary(programme),
            "pledges": pledges,
            "subsidies": subsidies,
            "subsidy_form": subsidy_form,
            "postings": ledger.posting_history(programme)[:50],
            "history": programme.history.select_related("history_user")[:20],
        },
    )


@permission_required("programmes.change_programme", fn=_programme)
def programme_update(request, pk):
    programme = _programme(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if submit_form(
        request,
        form,
        lambda data: services.programme_update(
            # the form changed the instance in memory: the service reads the stored one
            programme=Programme.objects.get(pk=pk),
            data={name: data[name] for name in ProgrammeForm.Meta.fields},
            by=request.user,
        ),
        success=_("The programme has been updated."),
    ):
        return redirect(programme)
    return _form_page(request, form, programme.name, back=programme.get_absolute_url())


PROGRAMME_ACTIONS = {
    "open": (
        services.programme_open,
        gettext_lazy("Open the programme"),
        gettext_lazy("Companies will be able to sign pledges and subsidies can be voted."),
        gettext_lazy("The programme is open."),
    ),
    "close": (
        services.programme_close,
        gettext_lazy("Close the programme"),
        gettext_lazy(
            "Every hour left in the pool, the credits and the pledges will expire. Hours already "
            "reserved for participations are kept. This cannot be undone."
        ),
        gettext_lazy("The programme is closed; its leftovers have expired."),
    ),
    "copy": (
        services.programme_copy_to_next_period,
        gettext_lazy("Copy to the next period"),
        gettext_lazy(
            "A draft programme for the next period will be created, with its companies and "
            "associations invited again by e-mail."
        ),
        gettext_lazy("The programme for the next period has been created."),
    ),
}


@permission_required(
    "programmes.change_programme", fn=lambda request, pk, action: _programme(request, pk)
)
def programme_action(request, pk, action):
    programme = _programme(request, pk)
    service, title, question, success = PROGRAMME_ACTIONS[action]
    if request.method == "POST":
        try:
            result = service(programme=programme, by=request.user)
        except ValidationError as error:
            return refused(request, error, programme)
        messages.success(request, success)
        return redirect(result)
    return _confirm_page(
        request,
        title=f"{title} — {programme}",
        question=question,
        button=title,
        back=programme.get_absolute_url(),
        danger=action == "close",
    )


# Subsidies ---------------------------------------------------------------------------------


@permission_required("programmes.change_programme", fn=_programme)
def subsidy_propose(request, pk):
    programme = _programme(request, pk)
    form = SubsidyForm(
        request.POST or None,
        associations=associations_visible_to(request.user).filter(status=OrganisationStatus.ACTIVE),
    )
    if submit_form(
        request,
        form,
        lambda data: services.subsidy_propose(
            programme=programme,
            association=data["association"],
            data={k: v for k, v in data.items() if k != "association"},
            by=request.user,
        ),
        success=_("The mixed subsidy has been proposed."),
    ):
        return redirect(programme)
    return _form_page(
        request, form, _("Propose a mixed subsidy"), back=programme.get_absolute_url()
    )


@permission_required("programmes.manage_subsidy", fn=_subsidy)
def subsidy_vote(request, pk):
    subsidy = _subsidy(request, pk)
    form = SubsidyVoteForm(request.POST or None, initial={"hours_credit": subsidy.hours_credit})
    if submit_form(
        request,
        form,
        lambda data: services.subsidy_vote(subsidy=subsidy, by=request.user, **data),
        success=_("The subsidy is voted: its hours credit has been allocated from the pool."),
    ):
        return redirect(subsidy.programme)
    pool = ledger.pool_balance(subsidy.programme)
    return _form_page(
        request,
        form,
        _("Vote the mixed subsidy of %(association)s") % {"association": subsidy.association},
        intro=_("The programme pool holds %(pool)s h.") % {"pool": amount(pool)},
        back=subsidy.programme.get_absolute_url(),
    )


@permission_required("programmes.manage_subsidy", fn=_subsidy)
def subsidy_close(request, pk):
    subsidy = _subsidy(request, pk)
    if request.method == "POST":
        try:
            services.subsidy_close(subsidy=subsidy, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The subsidy is closed; its remaining credit expired."))
        return redirect(subsidy.programme)
    return _confirm_page(
        request,
        title=_("Close the subsidy of %(association)s") % {"association": subsidy.association},
        question=_("What is left of the association's hours credit will expire."),
        button=_("Close the subsidy"),
        back=subsidy.programme.get_absolute_url(),
        danger=True,
    )


# Pledges -----------------------------------------------------------------------------------


def _referent_companies(user):
    return Company.objects.filter(
        pk__in=organisation_ids(user, Role.COMPANY_REFERENT, "company")
    ).order_by("name")


def pledge_list(request):
    return render(
        request,
        "programmes/pledge_list.html",
        {
            "pledges": pledges_of_referent(request.user),
            "can_pledge": _referent_companies(request.user).exists(),
        },
    )


@permission_required("programmes.add_pledge")
def pledge_create(request):
    companies = _referent_companies(request.user)
    programmes = (
        Programme.objects.territorial().exclude(status=ProgrammeStatus.CLOSED).with_territory()
    )
    form = PledgeForm(request.POST or None, programmes=programmes, companies=companies)
    if submit_form(
        request,
        form,
        lambda data: services.pledge_create(
            programme=data["programme"],
            company=data["company"],
            data={k: v for k, v in data.items() if k not in ("programme", "company")},
            by=request.user,
        ),
        success=_("Your pledge is recorded as a draft: sign it to commit the hours."),
    ):
        return redirect("programmes:pledge_list")
    return _form_page(
        request,
        form,
        _("Pledge hours to a programme"),
        intro=_("Your employees' hours will be offered to the programme's associations."),
        back=reverse("programmes:pledge_list"),
    )


@permission_required("programmes.sign_pledge", fn=_pledge)
def pledge_sign(request, pk):
    pledge = _pledge(request, pk)
    form = PledgeSignForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.pledge_sign(pledge=pledge, by=request.user, **data),
        success=_("The pledge is signed: its hours are in the programme's pool."),
    ):
        return redirect("programmes:pledge_list")
    return _form_page(
        request,
        form,
        _("Sign the pledge of %(hours)s h to %(programme)s")
        % {"hours": amount(pledge.hours), "programme": pledge.programme},
    )


@permission_required("programmes.close_pledge", fn=_pledge)
def pledge_close(request, pk):
    pledge = _pledge(request, pk)
    if request.method == "POST":
        try:
            services.pledge_close(pledge=pledge, by=request.user)
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The pledge is closed."))
        return redirect("programmes:pledge_list")
    return _confirm_page(
        request,
        title=_("Close the pledge"),
        question=_(
            "The pledge's period is over. Hours not yet used stay available until the programme "
            "closes."
        ),
        button=_("Close the pledge"),
        back=reverse("programmes:pledge_list"),
    )
