"""The public JSON API (django-ninja), mounted at /api/v1/ with its OpenAPI document."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, ValidationError
from ninja.openapi.docs import DocsBase

from metis.api.organisation.common import SCOPE_REFUSED, UNAUTHENTICATED, Refusal, error
from metis.valuation import api_errors


class VendoredSwagger(DocsBase):
    """Swagger UI from the vendored swagger-ui-dist assets (static/vendor/swagger-ui/), started by
    a static script: no CDN, nothing inline, so the page passes the site's CSP."""

    def render_page(self, request, api, **kwargs):
        return render(
            request,
            "api/docs.html",
            {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)},
        )


api = NinjaAPI(
    title="METIS API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=VendoredSwagger(),
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
    errors = [
        {
            "field": _field_path(error.get("loc", ())),
            "message": api_errors.message_for(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request,
        {
            "message": _("The request contains invalid data."),
            "fields": list(dict.fromkeys(e["field"] for e in errors)),
            "errors": errors,
        },
        status=400,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(request, error(UNAUTHENTICATED), status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(AuthorizationError)
def scope_refused(request, exc):
    return api.create_response(request, error(SCOPE_REFUSED), status=403)


@api.exception_handler(Refusal)
def refused(request, exc):
    return api.create_response(request, exc.body, status=exc.status)


api.add_router("", "metis.valuation.api.router")
api.add_router("", "metis.api.organisation.company.router")
api.add_router("", "metis.api.organisation.association.router")
