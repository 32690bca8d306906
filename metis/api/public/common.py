"""What the public routers share: the responses every read declares, the commune and skill
shapes, hours as 2-decimal strings."""

import datetime
import re
from typing import Annotated

from django.shortcuts import get_object_or_404
from pydantic import BeforeValidator

from metis.core.hours import quantize

from ..caching import NOT_MODIFIED
from ..errors import ApiError

#: A list: its page, 304, 400 (a parameter out of its bounds), 429.
LIST_RESPONSES = {**NOT_MODIFIED, 400: ApiError, 429: ApiError}
#: One object: 304, 400 (an identifier out of its bounds), 404 (unknown or not public), 429.
DETAIL_RESPONSES = {**NOT_MODIFIED, 400: ApiError, 404: ApiError, 429: ApiError}


def hours(value) -> str:
    return f"{quantize(value or 0)}"


def commune(commune) -> dict:
    return {"code": commune.pk, "name": commune.name}


def skills(rows) -> list[dict]:
    return [{"id": s.pk, "code": s.code, "label": s.label} for s in rows]


def found(queryset, **lookups):
    """The one row matching `lookups`, else the API's 404."""
    return get_object_or_404(queryset, **lookups)


def _iso_date(value):
    """Only YYYY-MM-DD (pydantic would also take a number of seconds since 1970)."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise ValueError("Date attendue au format AAAA-MM-JJ.")


#: A date in a query parameter: the OpenAPI document's `format: date`, nothing else.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date)]


def _json_boolean(value):
    """Only `true` or `false` (pydantic would also take 1, "yes", "on"…)."""
    if isinstance(value, bool) or value in ("true", "false"):
        return value
    raise ValueError("Valeur attendue : true ou false.")


#: A boolean in a query parameter, as the OpenAPI document writes it.
QueryBool = Annotated[bool, BeforeValidator(_json_boolean)]
