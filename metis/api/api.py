"""The public JSON API (django-ninja), mounted at /api/v1/ with its OpenAPI document."""

import copy

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, Throttled, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.openapi.views import openapi_json

from metis.valuation import api_errors

from . import errors
from .organisation.common import SCOPE_REFUSED, UNAUTHENTICATED, Refusal
from .throttling import api_throttles


class VendoredSwagger(DocsBase):
    """Swagger UI from the vendored swagger-ui-dist assets (static/vendor/swagger-ui/), started by
    a static script: no CDN, nothing inline, so the page passes the site's CSP."""

    def render_page(self, request, api, **kwargs):
        return render(
            request,
            "api/docs.html",
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )


class MetisAPI(NinjaAPI):
    """The OpenAPI document is built once per process, address prefix and language (about
    90 ms of work for 28 operations, at every request otherwise) and handed out as a copy."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        built = self.__dict__.setdefault("_openapi_schemas", {})
        if key not in built:
            built[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return copy.deepcopy(built[key])


def openapi_document_once(view):
    """`docs_decorator` of the API: the OpenAPI document's JSON is written once per process,
    address and language, then its bytes are answered (the document is a large dictionary:
    copying and encoding it took about 20 ms a request). The documentation page is left as it is
    (it carries the request's CSP nonce)."""
    if getattr(view, "func", None) is not openapi_json:
        return view
    bodies = {}

    def document(request, **kwargs):
        key = (request.path, translation.get_language())
        if key not in bodies:
            response = view(request, **kwargs)
            if response.status_code != 200:
                return response
            bodies[key] = response.content
        return HttpResponse(bodies[key], content_type="application/json; charset=utf-8")

    return document


api = MetisAPI(
    title="METIS API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=VendoredSwagger(),
    docs_decorator=openapi_document_once,
    throttle=api_throttles(),
)


def _field_path(loc) -> str:
    # ninja prefixes body fields with the parameter name ("body", "payload"); drop it.
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in ("payload", "data"):
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    found = [
        (_field_path(error.get("loc", ())), api_errors.message_for(error.get("type", "")))
        for error in exc.errors
    ]
    return api.create_response(
        request, errors.error_body(errors.INVALID_REQUEST, found), status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, errors.error_body(errors.NOT_FOUND), status=404)


@api.exception_handler(Throttled)
def throttled(request, exc):
    # ninja adds the Retry-After header (whole seconds) to this answer.
    return api.create_response(request, errors.error_body(errors.THROTTLED), status=429)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(request, errors.error_body(UNAUTHENTICATED), status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(AuthorizationError)
def scope_refused(request, exc):
    return api.create_response(request, errors.error_body(SCOPE_REFUSED), status=403)


@api.exception_handler(Refusal)
def refused(request, exc):
    return api.create_response(request, exc.body, status=exc.status)


api.add_router("", "metis.valuation.api.router")
api.add_router("", "metis.api.public.needs.router")
api.add_router("", "metis.api.public.territories.router")
api.add_router("", "metis.api.public.events.router")
api.add_router("", "metis.api.public.partners.router")
api.add_router("", "metis.api.public.civic.router")
api.add_router("", "metis.api.organisation.company.router")
api.add_router("", "metis.api.organisation.association.router")
