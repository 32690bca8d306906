"""Partners of the local ecosystems with their current offers, as the territories' public
ecosystem pages show them (metis.ecosystem.selectors.public_ecosystem). Their contact person,
e-mail and telephone are left out: no personal data in the API."""

from django.db.models import Prefetch
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from metis.ecosystem.models import PartnerOffer
from metis.organisations.models import Partner, Territory

from ..caching import etag
from ..pagination import PageParams, page_of, paginate
from .common import DETAIL_RESPONSES, LIST_RESPONSES, found
from .schemas import examples

router = Router(tags=["public: partners"])

PARTNER_CACHE_SECONDS = 300


class OfferOut(Schema):
    kind: str
    kind_label: str
    description: str


class PartnerOut(Schema):
    model_config = examples(
        {
            "id": 2,
            "name": "Sceaux Smart",
            "kind": "third_place",
            "kind_label": "Tiers-lieu",
            "description": "Un tiers-lieu pour les entrepreneurs.",
            "website": "https://sceaux-smart.example",
            "territories": ["sceaux"],
            "offers": [
                {"kind": "premises", "kind_label": "Locaux", "description": "Bureaux partagés."}
            ],
        }
    )
    id: int
    name: str
    kind: str
    kind_label: str
    description: str
    website: str
    territories: list[str] = Field(..., description="Slugs of the territories it serves.")
    offers: list[OfferOut] = Field(..., description="What it offers now.")


class PartnerFilters(Schema):
    territory: str | None = Field(
        None, max_length=120, pattern=r"^[-a-z0-9]+$", description="A territory's slug."
    )


def _partners():
    """Partners serving at least one territory (each is on that territory's public page)."""
    return (
        Partner.objects.filter(territories__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=PartnerOffer.objects.filter(is_active=True).order_by("kind", "pk"),
                to_attr="active_offers",
            ),
            Prefetch("territories", queryset=Territory.objects.order_by("slug")),
        )
        .order_by("name", "pk")
    )


def _partner_row(partner) -> dict:
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "kind_label": str(partner.get_kind_display()),
        "description": partner.description,
        "website": partner.website,
        "territories": [territory.slug for territory in partner.territories.all()],
        "offers": [
            {
                "kind": offer.kind,
                "kind_label": str(offer.get_kind_display()),
                "description": offer.description,
            }
            for offer in partner.active_offers
        ],
    }


@router.get(
    "/partners",
    response={200: page_of(PartnerOut), **LIST_RESPONSES},
    operation_id="public_partners_list",
    summary="Partners of the local ecosystems",
    description=(
        "The partners serving a territory (all, or the one given), by name, with their current "
        "offers. An unknown territory finds nothing."
    ),
)
@decorate_view(etag(PARTNER_CACHE_SECONDS))
def list_partners(request, filters: Query[PartnerFilters], pagination: Query[PageParams]):
    partners = _partners()
    if filters.territory:
        partners = partners.filter(territories__slug=filters.territory)

    def serialize(rows):
        return [_partner_row(partner) for partner in rows]

    return Status(200, paginate(request, partners, pagination, serialize))


@router.get(
    "/partners/{partner_id}",
    response={200: PartnerOut, **DETAIL_RESPONSES},
    operation_id="public_partners_detail",
    summary="A partner and its offers",
    description="A partner serving a territory (any other or unknown one answers 404).",
)
@decorate_view(etag(PARTNER_CACHE_SECONDS))
def partner_detail(request, partner_id: int = Path(..., ge=1, le=2**31 - 1)):
    return Status(200, _partner_row(found(_partners(), pk=partner_id)))
