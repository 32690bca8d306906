"""Public events (metis.events.selectors.upcoming_events): the upcoming ones with the filters of
/evenements/, and an event's public page. The online link is given to registered people only:
the API says whether there is one, never which."""

import datetime
from typing import Literal

from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from metis.events.enums import EventKind, EventStatus
from metis.events.models import Event
from metis.events.organisers import ORGANISER_FIELDS
from metis.events.selectors import upcoming_events
from metis.organisations.models import Territory

from ..caching import etag
from ..pagination import PageParams, page_of, paginate
from .common import DETAIL_RESPONSES, LIST_RESPONSES, IsoDate, commune, found
from .schemas import CommuneOut, examples

router = Router(tags=["public: events"])

EVENT_CACHE_SECONDS = 60
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(9000, 12, 31)
EVENT_EXAMPLE = {
    "id": 5,
    "title": "Forum du mécénat de compétences",
    "url": "https://metis.example/evenements/5/",
    "kind": "forum",
    "kind_label": "Forum",
    "status": "published",
    "starts_at": "2026-03-12T18:00:00+01:00",
    "ends_at": "2026-03-12T21:00:00+01:00",
    "territory": "sceaux",
    "organiser": "Ville de Sceaux",
    "address": "122 rue Houdan",
    "commune": {"code": "92071", "name": "Sceaux"},
    "online": False,
    "capacity": 80,
    "places_left": 31,
    "waiting": 0,
}


class EventOut(Schema):
    model_config = examples(EVENT_EXAMPLE)
    id: int
    title: str
    url: str
    kind: str
    kind_label: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    territory: str = Field(..., description="Slug of the territory it is listed on.")
    organiser: str = Field(..., description="The organising commune, association or partner.")
    address: str
    commune: CommuneOut | None = Field(None, description="Where it takes place (on site).")
    online: bool = Field(..., description="Online too (the link is sent to registered people).")
    capacity: int | None = Field(None, description="Places (none: no limit).")
    places_left: int | None
    waiting: int = Field(..., ge=0, description="Length of the waiting list.")


class EventDetailOut(EventOut):
    model_config = examples({**EVENT_EXAMPLE, "description": "Rencontre des entreprises."})
    description: str


class EventFilters(Schema):
    territory: str | None = Field(
        None, max_length=120, pattern=r"^[-a-z0-9]+$", description="A territory's slug."
    )
    kind: Literal[tuple(EventKind.values)] | None = None  # type: ignore[valid-type]
    mode: Literal["on_site", "online"] | None = None
    date_from: IsoDate | None = Field(None, description="Events not over by that day.")
    date_to: IsoDate | None = Field(None, description="Events started by that day.")


def _event_row(request, event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "status": event.status,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "territory": event.territory.slug,
        "organiser": str(event.organiser),
        "address": event.address if event.commune_id else "",
        "commune": commune(event.commune) if event.commune_id else None,
        "online": event.is_online,
        "capacity": event.capacity,
        "places_left": event.places_left,
        "waiting": event.waiting,
    }


@router.get(
    "/events",
    response={200: page_of(EventOut), **LIST_RESPONSES},
    operation_id="public_events_list",
    summary="Upcoming events",
    description=(
        "The published events not over yet, soonest first, with the filters of the events "
        "page: territory, kind, on site or online, dates. An unknown territory finds nothing."
    ),
)
@decorate_view(etag(EVENT_CACHE_SECONDS))
def list_events(request, filters: Query[EventFilters], pagination: Query[PageParams]):
    criteria = filters.dict(exclude={"territory"})
    for name in ("date_from", "date_to"):
        if criteria[name]:  # far dates find what the nearest representable ones find
            criteria[name] = min(max(criteria[name], EARLIEST), LATEST)
    territory = None
    if filters.territory:
        territory = Territory.objects.filter(slug=filters.territory).first()
    events = (
        upcoming_events(territory=territory, **{k: v or "" for k, v in criteria.items()})
        if territory is not None or not filters.territory
        else Event.objects.none()
    )
    events = events.select_related(*ORGANISER_FIELDS).order_by("starts_at", "pk")

    def serialize(rows):
        return [_event_row(request, event) for event in rows]

    return Status(200, paginate(request, events, pagination, serialize))


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, **DETAIL_RESPONSES},
    operation_id="public_events_detail",
    summary="An event's public page",
    description="A published or cancelled event (a draft or unknown one answers 404).",
)
@decorate_view(etag(EVENT_CACHE_SECONDS))
def event_detail(request, event_id: int = Path(..., ge=1, le=2**31 - 1)):
    event = found(
        Event.objects.with_places()
        .select_related("territory", "commune", *ORGANISER_FIELDS)
        .exclude(status=EventStatus.DRAFT),
        pk=event_id,
    )
    return Status(200, {**_event_row(request, event), "description": event.description})
