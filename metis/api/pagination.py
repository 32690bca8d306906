"""One page envelope for every list of the API: ``{"count", "page", "page_size", "next",
"previous", "items"}``, with the ``page`` / ``page_size`` query parameters (page_size at most
MAX_PAGE_SIZE). A router declares ``pagination: Query[PageParams]`` and answers
``paginate(request, queryset, pagination, serialize)``; its response schema is
``page_of(ItemSchema)``. The queryset must be ordered (deterministic pages)."""

from collections.abc import Callable, Iterable

from ninja import Field, Schema
from pydantic import create_model

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: Deeper pages than this are refused (400): no client walks 10,000 pages, a crawler's typo does.
MAX_PAGE = 10_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Items per page (at most {MAX_PAGE_SIZE}).",
    )


_PAGES: dict[type, type] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The envelope schema of a list of `item` (one class per item schema, named
    ``<Item>Page`` in the OpenAPI document)."""
    if item not in _PAGES:
        _PAGES[item] = create_model(
            f"{item.__name__.removesuffix('Out')}Page",
            __base__=Schema,
            count=(int, Field(..., ge=0, description="Number of items of every page.")),
            page=(int, Field(..., ge=1)),
            page_size=(int, Field(..., ge=1, le=MAX_PAGE_SIZE)),
            next=(str | None, Field(None, description="Address of the next page, if any.")),
            previous=(str | None, Field(None, description="Address of the previous page.")),
            items=(list[item], ...),
        )
    return _PAGES[item]


def _page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, items, params: PageParams, serialize: Callable[[Iterable], list]) -> dict:
    """One page of `items` (a queryset or a list): a COUNT and one bounded read; `serialize`
    turns the page's rows into the item dicts (it may prefetch what they show)."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (params.page - 1) * params.page_size
    rows = list(items[start : start + params.page_size]) if start < count else []
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": _page_url(request, params.page + 1) if start + params.page_size < count else None,
        "previous": _page_url(request, params.page - 1) if params.page > 1 else None,
        "items": serialize(rows),
    }
