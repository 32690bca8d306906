"""Territories and programmes with the figures their public pages show: a territory's totals
(its widget: metis.reporting.public), a programme's impact page (metis.reporting.impact)."""

from ninja import Path, Query, Router, Status
from ninja.decorators import decorate_view

from metis.programmes.enums import ProgrammeStatus
from metis.programmes.models import Programme
from metis.reporting.impact import programme_impact
from metis.reporting.public import public_territories_queryset, with_public_figures

from ..caching import etag
from ..pagination import PageParams, page_of, paginate
from .common import DETAIL_RESPONSES, LIST_RESPONSES, commune, found, hours
from .schemas import ProgrammeImpactOut, ProgrammeOut, TerritoryDetailOut, TerritoryOut

router = Router(tags=["public: territories and programmes"])

FIGURES_CACHE_SECONDS = 300
SLUG = Path(..., max_length=120, pattern=r"^[-a-zA-Z0-9_]+$", description="The territory's slug.")


def _territory_row(territory) -> dict:
    totals = territory.totals
    return {
        "slug": territory.slug,
        "name": territory.name,
        "commune": commune(territory.commune),
        "operator": territory.operator.name,
        "impact_programme": getattr(territory.impact_programme, "pk", None),
        "totals": {
            "hours": hours(totals["hours"]),
            "companies": totals["companies"],
            "associations": totals["associations"],
        },
    }


def _territories():
    return public_territories_queryset().select_related("operator")


def _public_programmes():
    return Programme.objects.exclude(status=ProgrammeStatus.DRAFT).select_related("territory")


def _programme_row(programme) -> dict:
    return {
        "id": programme.pk,
        "name": programme.name,
        "kind": programme.kind,
        "status": programme.status,
        "territory": programme.territory.slug if programme.territory_id else None,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
    }


@router.get(
    "/territories",
    response={200: page_of(TerritoryOut), **LIST_RESPONSES},
    operation_id="public_territories_list",
    summary="Territories with a public programme",
    description=(
        "The active territories with a territorial programme past its draft (those of the "
        "home page), by name, each with its totals as its public widget shows them: hours "
        "delivered, companies with a signed pledge, associations with a voted subsidy."
    ),
)
@decorate_view(etag(FIGURES_CACHE_SECONDS))
def list_territories(request, pagination: Query[PageParams]):
    def serialize(rows):
        return [_territory_row(t) for t in with_public_figures(rows)]

    return Status(200, paginate(request, _territories(), pagination, serialize))


@router.get(
    "/territories/{slug}",
    response={200: TerritoryDetailOut, **DETAIL_RESPONSES},
    operation_id="public_territories_detail",
    summary="A territory and its figures",
    description=(
        "One territory of the list (404 for any other) with its public totals and the figures "
        "of its impact page (its latest programme past its draft)."
    ),
)
@decorate_view(etag(FIGURES_CACHE_SECONDS))
def territory_detail(request, slug: str = SLUG):
    territory = with_public_figures([found(_territories(), slug=slug)])[0]
    programme = territory.impact_programme
    if programme is not None:
        programme = _public_programmes().get(pk=programme.pk)
    impact = _impact_row(programme) if programme is not None else None
    return Status(200, {**_territory_row(territory), "impact": impact})


@router.get(
    "/territories/{slug}/programmes",
    response={200: page_of(ProgrammeOut), **LIST_RESPONSES, 404: DETAIL_RESPONSES[404]},
    operation_id="public_territories_programmes",
    summary="A territory's public programmes",
    description=(
        "The territory's programmes past their draft (their impact page is public), the latest "
        "first, as its public ecosystem page lists them."
    ),
)
@decorate_view(etag(FIGURES_CACHE_SECONDS))
def territory_programmes(request, pagination: Query[PageParams], slug: str = SLUG):
    territory = found(_territories(), slug=slug)
    programmes = _public_programmes().filter(territory=territory).order_by("-starts_on", "-pk")

    def serialize(rows):
        return [_programme_row(p) for p in rows]

    return Status(200, paginate(request, programmes, pagination, serialize))


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeImpactOut, **DETAIL_RESPONSES},
    operation_id="public_programmes_detail",
    summary="A programme's impact figures",
    description=(
        "The figures of the programme's public impact page: hours pledged by companies, "
        "allocated to needs and delivered, the value of the hours delivered, associations "
        "helped, needs completed, the outcome forms' figures and the companies that agree to "
        "be named. A draft or unknown programme answers 404."
    ),
)
@decorate_view(etag(FIGURES_CACHE_SECONDS))
def programme_detail(request, programme_id: int = Path(..., ge=1, le=2**31 - 1)):
    return Status(200, _impact_row(found(_public_programmes(), pk=programme_id)))


def _impact_row(programme) -> dict:
    figures = programme_impact(programme)
    outcomes = figures["outcomes"]
    return {
        **_programme_row(programme),
        "hours_pledged": hours(figures["pledged"]),
        "hours_allocated": hours(figures["allocated"]),
        "hours_delivered": hours(figures["delivered"]),
        "value_delivered": hours(figures["value"]),
        "associations_helped": figures["associations_helped"],
        "needs_completed": figures["needs_completed"],
        "outcomes": {
            "forms": outcomes["forms"],
            "people_reached": outcomes["people_reached"],
            "association_satisfaction": _float(outcomes["association_satisfaction"]),
            "volunteer_satisfaction": _float(outcomes["volunteer_satisfaction"]),
        },
        "companies": figures["companies"],
    }


def _float(value):
    return None if value is None else float(value)
