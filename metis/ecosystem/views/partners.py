"""The ecosystem's home for its managers and partners' staff; partners, offers, staff,
resources."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metis.accounts.services import parse_invitation_list
from metis.core.forms import done, show_refusal, submit_form
from metis.core.permissions import permission_required
from metis.organisations.models import Partner

from .. import selectors
from ..forms import InviteForm, OfferForm, PartnerCreateForm, PartnerForm, ResourceForm
from ..services import partners as services
from ..texts import pdf
from . import common


@permission_required("ecosystem.view_home")
def home(request):
    territories = selectors.managed_territories(request.user)
    partner_ids = selectors.partner_ids_of(request.user)
    charters = selectors.charters_visible_to(request.user).order_by("partner__name", "-starts_on")
    return render(
        request,
        "ecosystem/home.html",
        {
            "territories": territories,
            "partners": selectors.partners_of(territories),
            "my_partners": Partner.objects.filter(pk__in=partner_ids).order_by("name"),
            "charters": charters,
            "to_sign": selectors.charters_to_sign(request.user),
            "sessions": selectors.council_sessions_of(territories),
            "requests": selectors.open_requests_of(request.user),
            "year": common.year_of(request),
        },
    )


@permission_required("ecosystem.add_partner")
def partner_create(request):
    territories = selectors.managed_territories(request.user)
    form = PartnerCreateForm(request.POST or None, territories=territories)
    partner = submit_form(
        request,
        form,
        lambda data: services.partner_register(
            territory=data["territory"], data=data, by=request.user
        ),
        success=_("The partner is registered. Add its offers, then invite its staff."),
    )
    if partner:
        return redirect(partner)
    return common.form_page(
        request,
        form,
        _("New partner"),
        intro=_("A crowdfunding platform, a bank, a third place, a support network…"),
        back="ecosystem:home",
    )


@permission_required("ecosystem.change_partner", fn=common.partner)
def partner_detail(request, pk):
    partner = common.partner(request, pk)
    return render(
        request,
        "ecosystem/partner_detail.html",
        {
            "partner": partner,
            "offers": partner.offers.all(),
            "charters": partner.charters.select_related("territory"),
            "requests": partner.support_requests.select_related("project"),
            "can_invite": request.user.has_perm("ecosystem.invite_partner_staff", partner),
            "year": common.year_of(request),
        },
    )


@permission_required("ecosystem.change_partner", fn=common.partner)
def partner_update(request, pk):
    partner = common.partner(request, pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if submit_form(
        request,
        form,
        lambda data: services.partner_update(
            partner=Partner.objects.get(pk=pk), data=data, by=request.user
        ),
        success=_("The partner's page is up to date."),
    ):
        return redirect(partner)
    return common.form_page(request, form, partner.name, back=partner.get_absolute_url())


@permission_required("ecosystem.change_partner", fn=common.partner)
def offer_create(request, pk):
    partner = common.partner(request, pk)
    form = OfferForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.offer_save(partner=partner, data=data, by=request.user),
        success=_("The offer is added; it shows on the territory's ecosystem page."),
    ):
        return redirect(partner)
    return common.form_page(
        request,
        form,
        _("New offer of %(partner)s") % {"partner": partner},
        back=partner.get_absolute_url(),
    )


@permission_required(
    "ecosystem.change_partner", fn=lambda request, pk: common.offer(request, pk).partner
)
def offer_update(request, pk):
    offer = common.offer(request, pk)
    form = OfferForm(request.POST or None, instance=offer)
    if submit_form(
        request,
        form,
        lambda data: services.offer_save(
            partner=offer.partner, offer=type(offer).objects.get(pk=pk), data=data, by=request.user
        ),
        success=_("The offer is updated."),
    ):
        return redirect(offer.partner)
    return common.form_page(
        request, form, offer.get_kind_display(), back=offer.partner.get_absolute_url()
    )


@permission_required("ecosystem.invite_partner_staff", fn=common.partner)
def partner_invite(request, pk):
    partner = common.partner(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people = parse_invitation_list(form.cleaned_data["people"])
            sent = services.partner_staff_invite(partner=partner, people=people, by=request.user)
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            return done(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(sent))
                % {"count": len(sent)},
                partner,
            )
    return common.form_page(
        request,
        form,
        _("Invite the staff of %(partner)s") % {"partner": partner},
        intro=_("They will keep the partner's page and offers up to date and sign its charters."),
        back=partner.get_absolute_url(),
    )


@permission_required("ecosystem.change_partner", fn=common.partner)
def partner_report(request, pk):
    partner = common.partner(request, pk)
    year = common.year_of(request)
    report = selectors.yearly_report(partner.charters.all(), year)
    data = pdf("report.html", {"subject": partner, "report": report, "partner_report": True})
    return common.pdf_response(data, f"bilan-chartes-{partner.pk}-{year}.pdf")


@permission_required("ecosystem.manage_territory", fn=common.territory)
def territory_report(request, pk):
    territory = common.territory(request, pk)
    year = common.year_of(request)
    report = selectors.yearly_report(territory.charters.all(), year)
    data = pdf("report.html", {"subject": territory, "report": report, "partner_report": False})
    return common.pdf_response(data, f"bilan-chartes-{territory.slug}-{year}.pdf")


@permission_required("ecosystem.manage_territory", fn=common.territory)
def resource_create(request, pk):
    territory = common.territory(request, pk)
    form = ResourceForm(request.POST or None)
    if submit_form(
        request,
        form,
        lambda data: services.resource_save(territory=territory, data=data, by=request.user),
        success=_("The resource shows on the territory's ecosystem page."),
    ):
        return redirect("ecosystem:public", territory.slug)
    return common.form_page(request, form, _("New resource"), back="ecosystem:home")


@permission_required(
    "ecosystem.manage_territory", fn=lambda request, pk: common.resource(request, pk).territory
)
def resource_delete(request, pk):
    resource = common.resource(request, pk)
    if request.method == "POST":
        slug = resource.territory.slug
        services.resource_delete(resource=resource, by=request.user)
        return done(request, _("The resource is removed."), "ecosystem:public", slug)
    return common.confirm_page(
        request,
        title=_("Remove a resource"),
        question=_("Remove “%(title)s” from the ecosystem page?") % {"title": resource.title},
        button=_("Remove"),
        back=reverse("ecosystem:public", args=[resource.territory.slug]),
        danger=True,
    )
