"""The national counter of the Service Civique Professionnel, as its public page and its open
data publish it (metis.civic.selectors.civic_counter_cached): the nation, each département,
each commune of the employers, with the same publication threshold (places with fewer than
SMALL_NUMBER accounts are added up in one row)."""

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from metis.civic.selectors import SMALL_NUMBER, civic_counter_cached

from ..caching import etag
from ..pagination import PageParams, page_of, paginate
from .common import LIST_RESPONSES, hours
from .schemas import HOURS, examples

router = Router(tags=["public: civic days"])

COUNTER_CACHE_SECONDS = 300
ROW_EXAMPLE = {
    "code": "92",
    "name": "Hauts-de-Seine",
    "accounts": 1240,
    "hours_entitled": "9920.00",
    "hours_booked": "312.00",
    "hours_done": "1480.00",
}


class CounterRowOut(Schema):
    """One place: accounts opened, hours entitled, booked (reserved now) and done. The row
    grouping the small places has an empty code."""

    model_config = examples(ROW_EXAMPLE)
    code: str
    name: str
    accounts: int = Field(..., ge=0)
    hours_entitled: str = HOURS
    hours_booked: str = HOURS
    hours_done: str = HOURS


class CounterOut(Schema):
    model_config = examples(
        {
            "year": 2026,
            "target_hours": "20000000.00",
            "done_share": 0.0012,
            "small_number": SMALL_NUMBER,
            "total": {**ROW_EXAMPLE, "code": "FR", "name": "France"},
            "without_employer": None,
            "departements": [ROW_EXAMPLE],
        }
    )
    year: int
    target_hours: str = HOURS
    done_share: float = Field(..., description="Hours done over the national target.")
    small_number: int = Field(..., description="Places with fewer accounts are grouped.")
    total: CounterRowOut
    without_employer: CounterRowOut | None = Field(
        None, description="Accounts of persons without a current employer (in the total)."
    )
    departements: list[CounterRowOut]


def _row(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "accounts": row.accounts,
        "hours_entitled": hours(row.entitled),
        "hours_booked": hours(row.booked),
        "hours_done": hours(row.done),
    }


def _counter():
    return civic_counter_cached(timezone.localdate().year)


@router.get(
    "/civic/counter",
    response={200: CounterOut, **LIST_RESPONSES},
    operation_id="public_civic_counter",
    summary="National counter of civic days (this year)",
    description=(
        "This year's Service Civique Professionnel counter, as its public page shows it: the "
        "national totals and each département of the employers; départements with fewer than "
        "`small_number` accounts are added up in one row. The communes are in "
        "/civic/counter/communes."
    ),
)
@decorate_view(etag(COUNTER_CACHE_SECONDS))
def civic_counter(request):
    counter = _counter()
    return Status(
        200,
        {
            "year": counter.year,
            "target_hours": hours(counter.target),
            "done_share": float(counter.done_share),
            "small_number": SMALL_NUMBER,
            "total": _row(counter.total),
            "without_employer": _row(counter.without_employer)
            if counter.without_employer
            else None,
            "departements": [_row(row) for row in counter.published_departements()],
        },
    )


@router.get(
    "/civic/counter/communes",
    response={200: page_of(CounterRowOut), **LIST_RESPONSES},
    operation_id="public_civic_counter_communes",
    summary="The counter by commune of the employers",
    description=(
        "Each commune of the employers with at least `small_number` accounts, by INSEE code, "
        "then one row (empty code) adding up the others, as the open data publishes them."
    ),
)
@decorate_view(etag(COUNTER_CACHE_SECONDS))
def civic_counter_communes(request, pagination: Query[PageParams]):
    rows = _counter().published_communes()
    return Status(200, paginate(request, rows, pagination, lambda page: [_row(r) for r in page]))
