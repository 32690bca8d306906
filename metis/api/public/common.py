"""What the public routers share: the responses every read declares, the commune and skill
shapes, hours as 2-decimal strings."""

from django.shortcuts import get_object_or_404

from metis.core.hours import quantize

from ..caching import NOT_MODIFIED
from ..errors import ApiError

#: A list: its page, 304, 400 (a parameter out of its bounds), 429.
LIST_RESPONSES = {**NOT_MODIFIED, 400: ApiError, 429: ApiError}
#: One object: 304, 404 (unknown or not public), 429.
DETAIL_RESPONSES = {**NOT_MODIFIED, 404: ApiError, 429: ApiError}


def hours(value) -> str:
    return f"{quantize(value or 0)}"


def commune(commune) -> dict:
    return {"code": commune.pk, "name": commune.name}


def skills(rows) -> list[dict]:
    return [{"id": s.pk, "code": s.code, "label": s.label} for s in rows]


def found(queryset, **lookups):
    """The one row matching `lookups`, else the API's 404."""
    return get_object_or_404(queryset, **lookups)
