"""The public catalogue of needs: the site's search (metis.needs.catalogue, through the
catalogue's own form so that every rule — a distance needs a commune with a known centre, an
unknown sort falls back to the default — is the site's), and a need's public page."""

from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from metis.needs.catalogue import DISTANCES_KM, SORTS, catalogue_needs
from metis.needs.enums import NeedFormat, NeedStatus
from metis.needs.forms import CatalogueForm
from metis.needs.models import Need
from metis.skills.models import Skill

from ..caching import etag
from ..errors import INVALID_REQUEST, error_body
from ..pagination import PageParams, page_of, paginate
from .common import (
    DETAIL_RESPONSES,
    LIST_RESPONSES,
    IsoDate,
    QueryBool,
    commune,
    found,
    hours,
    skills,
)
from .schemas import NeedDetailOut, NeedOut

router = Router(tags=["public: needs"])

NEED_CACHE_SECONDS = 60


class NeedFilters(Schema):
    q: str = Field("", max_length=200, description="Search text (every word must match).")
    skill: int | None = Field(None, ge=1, le=2**31 - 1, description="A skill's id.")
    format: Literal[tuple(NeedFormat.values)] | None = Field(  # type: ignore[valid-type]
        None, description="`remote` or `on_site` also find needs offered both ways."
    )
    commune: str | None = Field(
        None,
        pattern=r"^[0-9][0-9AB][0-9]{3}$",
        description="INSEE code: the needs of that commune, or the centre of `distance`.",
    )
    distance: Literal[tuple(str(km) for km in DISTANCES_KM)] | None = Field(  # type: ignore[valid-type]
        None, description="Kilometres around `commune` (its centre must be known)."
    )
    starts_after: IsoDate | None = Field(None, description="Needs still running then.")
    ends_before: IsoDate | None = Field(None, description="Needs started by then.")
    max_hours: Decimal | None = Field(None, ge=0, max_digits=7, decimal_places=2)
    civic_days: QueryBool = Field(False, description="Only the needs open to civic days.")
    territory: str | None = Field(
        None, max_length=120, pattern=r"^[-a-z0-9]+$", description="A territory's slug."
    )
    sort: Literal[tuple(key for key, _ in SORTS)] | None = Field(  # type: ignore[valid-type]
        None,
        description="`pertinence` (with a search text), `recents` (default without text) "
        "or `fin` (ending soonest).",
    )


def _form_data(filters: NeedFilters) -> QueryDict:
    values = {
        "q": filters.q,
        "skill": filters.skill,
        "format": filters.format,
        "commune": filters.commune,
        "distance": filters.distance,
        "starts_after": filters.starts_after,
        "ends_before": filters.ends_before,
        "max_hours": filters.max_hours,
        "civique": "on" if filters.civic_days else None,
        "tri": filters.sort,
    }
    data = QueryDict(mutable=True)
    for key, value in values.items():
        if value not in (None, ""):
            data[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


#: The catalogue form's French parameter names, as the API names them.
_API_NAMES = {"tri": "sort", "civique": "civic_days"}
_PUBLIC_FIELDS = ("association", "commune", "programme__territory")


def need_row(request, need) -> dict:
    return {
        "id": need.pk,
        "title": need.title,
        "url": request.build_absolute_uri(need.get_absolute_url()),
        "association": {"id": need.association_id, "name": need.association.name},
        "commune": commune(need.commune),
        "territory": need.programme.territory.slug if need.programme.territory_id else None,
        "format": need.format,
        "format_label": str(need.get_format_display()),
        "estimated_hours": hours(need.estimated_hours),
        "starts_on": need.starts_on,
        "ends_on": need.ends_on,
        "volunteers_wanted": need.volunteers_wanted,
        "open_to_civic_days": need.open_to_civic_days,
        "published_at": need.published_at,
        "skills_required": skills(need.skills_required.all()),
    }


def _skills_prefetch(name):
    return Prefetch(name, queryset=Skill.objects.order_by("label_fr", "pk"))


@router.get(
    "/needs",
    response={200: page_of(NeedOut), **LIST_RESPONSES},
    operation_id="public_needs_list",
    summary="Needs of the public catalogue",
    description=(
        "The published needs the public catalogue shows (published or in progress, not past "
        "their end date), with the catalogue's search and filters and its sorts; the primary "
        "key breaks ties. A `distance` needs a `commune` whose centre is known, an unknown "
        "`commune` or `skill` is refused (400 with the field at fault)."
    ),
)
@decorate_view(etag(NEED_CACHE_SECONDS))
def list_needs(request, filters: Query[NeedFilters], pagination: Query[PageParams]):
    form = CatalogueForm(_form_data(filters))
    if not form.is_valid():
        found_errors = [
            (_API_NAMES.get(field, field), str(m)) for field, ms in form.errors.items() for m in ms
        ]
        return Status(400, error_body(INVALID_REQUEST, found_errors))
    visible = Need.objects.visible_in_catalogue()
    if filters.territory:
        visible = visible.filter(programme__territory__slug=filters.territory)
    needs = catalogue_needs(form.criteria(), needs=visible).select_related(*_PUBLIC_FIELDS)

    def serialize(rows):
        prefetch_related_objects(rows, _skills_prefetch("skills_required"))
        return [
            {**need_row(request, need), "distance_km": _rounded(need.distance_km)} for need in rows
        ]

    return Status(200, paginate(request, needs, pagination, serialize))


def _rounded(distance):
    return None if distance is None else round(distance, 1)


@router.get(
    "/needs/{need_id}",
    response={200: NeedDetailOut, **DETAIL_RESPONSES},
    operation_id="public_needs_detail",
    summary="A need's public page",
    description=(
        "What a need's public page shows: its description, association (public information "
        "only), skills, hours, dates and place. A need that is not published (draft, in "
        "moderation, completed, withdrawn) or unknown answers 404."
    ),
)
@decorate_view(etag(NEED_CACHE_SECONDS))
def need_detail(request, need_id: int = Path(..., ge=1, le=2**31 - 1)):
    need = found(
        Need.objects.select_related(*_PUBLIC_FIELDS, "association__commune", "programme")
        .prefetch_related(_skills_prefetch("skills_required"), _skills_prefetch("skills_welcome"))
        .filter(status__in=[NeedStatus.PUBLISHED, NeedStatus.IN_PROGRESS]),
        pk=need_id,
    )
    association = need.association
    programme = need.programme
    return Status(
        200,
        {
            **need_row(request, need),
            "description": need.description,
            "status": need.status,
            "status_label": str(need.get_status_display()),
            "is_expired": need.is_expired,
            "association": {
                "id": association.pk,
                "name": association.name,
                "commune": commune(association.commune),
                "field_of_action": association.field_of_action,
                "field_of_action_label": str(association.get_field_of_action_display()),
            },
            "programme": {
                "id": programme.pk,
                "name": programme.name,
                "territory": programme.territory.slug if programme.territory_id else None,
            },
            "skills_welcome": skills(need.skills_welcome.all()),
        },
    )
