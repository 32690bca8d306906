"""Conditional GETs for the API's public reads: a strong ETag computed from the response body,
``If-None-Match`` answered 304 with an empty body, and ``Cache-Control: public, max-age=…``.

Usage on an operation (declare the 304 in its responses with NOT_MODIFIED)::

    @router.get("/things", response={200: ThingPage, **NOT_MODIFIED})
    @decorate_view(etag(max_age=60))
    def list_things(request): ...
"""

import functools
import hashlib

from django.http import HttpResponse
from django.utils.http import parse_etags

DEFAULT_MAX_AGE = 60
#: The 304 entry of an operation's responses (no body).
NOT_MODIFIED = {304: None}


def body_etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(request, tag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return tag in parse_etags(header)


def etag(max_age: int = DEFAULT_MAX_AGE):
    """A view decorator (for ninja's ``decorate_view``): on a 200, the ETag and Cache-Control
    headers; when the client already holds that body, 304 without it."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD") or response.status_code != 200:
                return response
            tag = body_etag(response.content)
            cache_control = f"public, max-age={max_age}"
            if _matches(request, tag):
                response = HttpResponse(status=304)
            response["ETag"] = tag
            response["Cache-Control"] = cache_control
            return response

        return wrapped

    return decorator
