"""What the organisation API's operations share: the acting person and organisation, the error
answers, the body parsing with French messages, and a small page envelope."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from metis.valuation import api_errors
from metis.valuation.api import inline_schema
from metis.valuation.schemas import ErrorOut

from ..errors import THROTTLED
from ..pagination import PageParams
from ..pagination import paginate as paginate_rows

NOT_A_COMPANY_TOKEN = "Ce jeton n’est pas celui d’une entreprise."
NOT_AN_ASSOCIATION_TOKEN = "Ce jeton n’est pas celui d’une association."
PERMISSION_REFUSED = "Le créateur de ce jeton n’a pas ce droit sur cette organisation."
NOT_FOUND = "Aucun objet de votre organisation ne porte cet identifiant."
UNAUTHENTICATED = "Jeton absent, inconnu, révoqué ou expiré."
SCOPE_REFUSED = "Ce jeton ne permet pas cette opération (portée « read » : lecture seule)."


class Refusal(Exception):
    """An answer other than success: the status and the API's error body."""

    def __init__(self, status: int, message: str, errors: list[tuple[str, str]] = ()):
        self.status = status
        self.body = {
            "message": message,
            "fields": list(dict.fromkeys(field for field, _ in errors)),
            "errors": [{"field": field, "message": text} for field, text in errors],
        }


def error(message: str) -> dict:
    return {"message": message, "fields": [], "errors": []}


def _example(message):
    schema = {"$ref": "#/components/schemas/ErrorOut"}
    return {"application/json": {"schema": schema, "example": error(message)}}


#: The error answers every operation may give (bodies: the API's error body).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def openapi(*, body: type[BaseModel] | None = None, example: dict | None = None) -> dict:
    """The operation's extra OpenAPI: the security scheme, examples of each error, and the JSON
    body (parsed by `parse`, so that its errors are French)."""
    extra: dict = {
        "responses": {
            400: {
                "description": "Requête invalide",
                "content": _example(api_errors.INVALID_REQUEST),
            },
            401: {"description": "Jeton absent ou refusé", "content": _example(UNAUTHENTICATED)},
            403: {
                "description": "Droit ou portée insuffisants",
                "content": _example(SCOPE_REFUSED),
            },
            404: {
                "description": "Introuvable dans votre organisation",
                "content": _example(NOT_FOUND),
            },
            429: {"description": "Trop de requêtes", "content": _example(THROTTLED)},
        }
    }
    if body is not None:
        content = {"schema": inline_schema(body)}
        if example is not None:
            content["example"] = example
        extra["requestBody"] = {"required": True, "content": {"application/json": content}}
    return extra


def company_of(request):
    """(the token's company, the person it acts as) or a 403 for an association's token."""
    token = request.auth
    if token.company_id is None:
        raise Refusal(403, NOT_A_COMPANY_TOKEN)
    return token.company, token.created_by


def association_of(request):
    token = request.auth
    if token.association_id is None:
        raise Refusal(403, NOT_AN_ASSOCIATION_TOKEN)
    return token.association, token.created_by


def require_perm(user, perm: str, obj) -> None:
    """The screen's permission, for the token's creator."""
    if not user.has_perm(perm, obj):
        raise Refusal(403, PERMISSION_REFUSED)


def get_or_404(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Refusal(404, NOT_FOUND)
    return found


def parse(request, model: type[BaseModel]):
    """The JSON body as `model`, or a 400 (413) with French messages per field."""
    try:
        body = request.body
    except RequestDataTooBig:
        raise Refusal(413, api_errors.BODY_TOO_LARGE) from None
    try:
        return model.model_validate_json(body or b"null")
    except PydanticValidationError as exc:
        answer = api_errors.from_validation_error(exc)
        refusal = Refusal(400, answer["message"])
        refusal.body = answer
        raise refusal from None


def refused_by_service(exc: DjangoValidationError) -> Refusal:
    """A service's ValidationError as a 400, per field when it names fields."""
    if hasattr(exc, "error_dict"):
        errors = [(field, str(m)) for field, errs in exc.message_dict.items() for m in errs]
    else:
        errors = [("", str(m)) for m in exc.messages]
    message = api_errors.INVALID_REQUEST
    if len(errors) == 1:
        message = f"{message} {errors[0][1]}"
    return Refusal(400, message, [(field or "body", text) for field, text in errors])


def paginate(request, queryset, params: PageParams, serialize) -> dict:
    """One page of the API's envelope (metis/api/pagination.py), `serialize` taking one row."""
    return paginate_rows(request, queryset, params, lambda rows: [serialize(r) for r in rows])
