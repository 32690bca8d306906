"""The API's error body ``{"message", "fields", "errors": [{"field", "message"}]}`` as a schema,
and its French messages (module constants that tests import)."""

from ninja import Schema
from pydantic import ConfigDict

NOT_FOUND = "Ressource introuvable."
INVALID_REQUEST = "La requête contient des données invalides."
UNKNOWN_PARAMETER = "Paramètre inconnu pour cette opération."
THROTTLED = "Trop de requêtes : réessayez dans quelques instants (voir l’en-tête Retry-After)."


class ApiFieldError(Schema):
    field: str
    message: str


class ApiError(Schema):
    """Every refusal of the API: a French message, the fields at fault and their errors."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"message": NOT_FOUND, "fields": [], "errors": []}],
        }
    )

    message: str
    fields: list[str]
    errors: list[ApiFieldError]


def error_body(message: str, errors: list[tuple[str, str]] = ()) -> dict:
    return {
        "message": message,
        "fields": list(dict.fromkeys(field for field, _ in errors)),
        "errors": [{"field": field, "message": text} for field, text in errors],
    }
