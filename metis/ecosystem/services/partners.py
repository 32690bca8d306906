"""Partners, their offers and staff, and the territory's resources."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from metis.accounts.enums import Role
from metis.accounts.services import invitations_send
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Partner

from ..models import PartnerOffer, Resource

PARTNER_FIELDS = (
    "name",
    "kind",
    "siren",
    "description",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
OFFER_FIELDS = ("kind", "description", "is_active")
RESOURCE_FIELDS = ("kind", "title", "url", "description")
SIREN_TAKEN = gettext_lazy("A partner with this SIREN is already registered.")
NO_TERRITORY = gettext_lazy("A partner serves at least one territory.")
OFFER_OF_ANOTHER_PARTNER = gettext_lazy("This offer belongs to another partner.")


def _check_siren(siren, partner=None):
    if siren and Partner.objects.filter(siren=siren).exclude(pk=getattr(partner, "pk", None)):
        raise ValidationError({"siren": SIREN_TAKEN})


@transaction.atomic
def partner_register(*, territory, data: dict, by) -> Partner:
    """A territory's officer (or the operator) registers a partner serving that territory; it
    is active at once (the commune vouches for it)."""
    data = {name: data.get(name) or "" for name in PARTNER_FIELDS}
    data["siren"] = data["siren"] or None
    _check_siren(data["siren"])
    partner = Partner(status=OrganisationStatus.ACTIVE, **data)
    partner._change_reason = f"registered by {by.pk}"
    partner.full_clean()
    partner.save()
    partner.territories.add(territory)
    return partner


@transaction.atomic
def partner_update(*, partner, data: dict, territories=None, by) -> Partner:
    """The partner's staff (or a manager of a served territory) update its page; `territories`
    (None: unchanged) replaces the territories served."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(partner, name, data[name] or ("" if name != "siren" else None))
    _check_siren(partner.siren, partner)
    partner.full_clean()
    partner._change_reason = f"updated by {by.pk}"
    partner.save()
    if territories is not None:
        if not territories:
            raise ValidationError({"territories": NO_TERRITORY})
        partner.territories.set(territories)
    return partner


@transaction.atomic
def offer_save(*, partner, data: dict, by, offer=None) -> PartnerOffer:
    """Add an offer to the partner (or change one of its offers)."""
    if offer is None:
        offer = PartnerOffer(partner=partner)
    elif offer.partner_id != partner.pk:
        raise ValidationError(OFFER_OF_ANOTHER_PARTNER)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    offer._change_reason = f"saved by {by.pk}"
    offer.full_clean()
    offer.save()
    return offer


def partner_staff_invite(*, partner, people: list[dict], by):
    """Invite the partner's staff by e-mail (the accounts invitation service); returns the
    invitations sent."""
    return invitations_send(organisation=partner, role=Role.PARTNER_STAFF, people=people, by=by)


@transaction.atomic
def resource_save(*, territory, data: dict, by, resource=None) -> Resource:
    resource = resource or Resource(territory=territory)
    for name in RESOURCE_FIELDS:
        setattr(resource, name, data.get(name) or "")
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_delete(*, resource, by) -> None:
    resource.delete()
