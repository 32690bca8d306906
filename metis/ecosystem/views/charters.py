"""Charters: drafted, signed, renewed, ended, followed up."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metis.core.forms import done, refused, submit_form
from metis.core.permissions import permission_required
from metis.documents.pdf import html_pdf

from .. import selectors
from ..enums import CharterStatus, SignatorySide, commitment_choices
from ..forms import ActionForm, CharterCreateForm, CharterForm, EndForm, RenewForm
from ..models import Charter
from ..permissions import is_elected_member_of_charter_territory, is_staff_of_charter_partner
from ..services import charters as services
from ..texts import charter_sha256, charter_text
from . import common


@permission_required("ecosystem.add_partner")
def charter_create(request):
    territories = selectors.managed_territories(request.user)
    partners = selectors.partners_of(territories)
    initial = {}
    if request.GET.get("partenaire", "").isdigit():
        initial["partner"] = int(request.GET["partenaire"])
    form = CharterCreateForm(
        request.POST or None, initial=initial, territories=territories, partners=partners
    )
    charter = submit_form(
        request,
        form,
        lambda data: services.charter_draft(
            territory=data["territory"], partner=data["partner"], data=data, by=request.user
        ),
        success=_("The charter is drafted. Put it on the council's agenda when it is ready."),
    )
    if charter:
        return redirect(charter)
    return common.form_page(
        request,
        form,
        _("New partnership charter"),
        intro=_(
            "The charter holds the five commitments of every partner of the ecosystem; write "
            "here what this partner brings in addition."
        ),
        back="ecosystem:home",
    )


def _signing_sides(user, charter):
    sides = []
    if is_elected_member_of_charter_territory(user, charter):
        sides.append(SignatorySide.COMMUNE)
    if is_staff_of_charter_partner(user, charter):
        sides.append(SignatorySide.PARTNER)
    signed = set(charter.signatures.values_list("side", flat=True))
    return [side for side in sides if side not in signed]


@permission_required("ecosystem.view_charter", fn=common.charter)
def charter_detail(request, pk):
    charter = common.charter(request, pk)
    can_manage = request.user.has_perm("ecosystem.manage_charter", charter)
    can_log = request.user.has_perm("ecosystem.log_action", charter)
    return render(
        request,
        "ecosystem/charter_detail.html",
        {
            "charter": charter,
            "signatures": charter.signatures.select_related("signed_by"),
            "actions": charter.actions.select_related("logged_by"),
            "commitment_labels": dict(commitment_choices()),
            "sides_to_sign": [
                SignatorySide(side).label for side in _signing_sides(request.user, charter)
            ]
            if charter.status == CharterStatus.APPROVED
            else [],
            "can_manage": can_manage,
            "can_log": can_log and charter.status == CharterStatus.IN_FORCE,
            "history": charter.history.select_related("history_user")[:20],
            "renewal": Charter.objects.filter(renews=charter).first(),
        },
    )


@permission_required("ecosystem.view_charter", fn=common.charter)
def charter_pdf(request, pk):
    charter = common.charter(request, pk)
    return common.pdf_response(html_pdf(charter_text(charter)), f"charte-{charter.pk}.pdf")


@permission_required("ecosystem.manage_charter", fn=common.charter)
def charter_update(request, pk):
    charter = common.charter(request, pk)
    if charter.status != CharterStatus.DRAFT:
        return refused(request, ValidationError(services.NOT_A_DRAFT), charter)
    form = CharterForm(request.POST or None, instance=charter)
    if submit_form(
        request,
        form,
        lambda data: services.charter_update(
            charter=Charter.objects.get(pk=pk), data=data, by=request.user
        ),
        success=_("The draft charter is updated."),
    ):
        return redirect(charter)
    return common.form_page(request, form, charter.title, back=charter.get_absolute_url())


@permission_required("ecosystem.sign_charter", fn=common.charter)
def charter_sign(request, pk):
    charter = common.charter(request, pk)
    sides = _signing_sides(request.user, charter)
    if not sides:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.charter_sign(charter=charter, side=sides[0], by=request.user)
        except ValidationError as error:
            return refused(request, error, charter)
        return done(
            request,
            _("You signed the charter on behalf of %(side)s.")
            % {"side": SignatorySide(sides[0]).label},
            charter,
        )
    return render(
        request,
        "ecosystem/charter_sign.html",
        {
            "charter": charter,
            "side": SignatorySide(sides[0]).label,
            "sha256": charter_sha256(charter),
        },
    )


@permission_required("ecosystem.manage_charter", fn=common.charter)
def charter_renew(request, pk):
    charter = common.charter(request, pk)
    form = RenewForm(request.POST or None)
    renewal = submit_form(
        request,
        form,
        lambda data: services.charter_renew(
            charter=charter, ends_on=data["ends_on"], by=request.user
        ),
        success=_("The renewal is drafted: it goes to the council like a new charter."),
    )
    if renewal:
        return redirect(renewal)
    return common.form_page(
        request,
        form,
        _("Renew the charter"),
        intro=_("A new draft starting when this one ends, with the same contributions."),
        back=charter.get_absolute_url(),
    )


@permission_required("ecosystem.manage_charter", fn=common.charter)
def charter_end(request, pk):
    charter = common.charter(request, pk)
    form = EndForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.charter_end(
            charter=charter, ended_on=data["ended_on"], reason=data["reason"], by=request.user
        ),
        success=_("The charter is ended; it stays in the history."),
    ):
        return redirect(charter)
    return common.form_page(request, form, _("End the charter"), back=charter.get_absolute_url())


@permission_required("ecosystem.log_action", fn=common.charter)
def action_create(request, pk):
    charter = common.charter(request, pk)
    form = ActionForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.action_log(charter=charter, data=data, by=request.user),
        success=_("The action is logged; it counts in this year's charter report."),
    ):
        return redirect(charter)
    return common.form_page(
        request,
        form,
        _("Log an action"),
        intro=_("What was done under one of the charter's commitments, when, and for whom."),
        back=charter.get_absolute_url(),
    )
