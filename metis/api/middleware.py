"""Every answer of the JSON API is JSON, refusals included (unknown address, wrong method,
oversized body, CSRF, server error): Django's HTML error pages are replaced by the API's error
body ``{"message", "fields", "errors"}``. A query parameter the operation does not declare is
refused with that body too (metis/api/strict.py)."""

from django.conf import settings
from django.http import JsonResponse

from metis.valuation import api_errors

from . import errors
from .strict import unknown_query_parameters

API_PREFIX = "/api/"
MESSAGES = {
    404: "Adresse inconnue dans l'API.",
    405: "Méthode non permise pour cette adresse.",
    413: api_errors.BODY_TOO_LARGE,
}


def _body_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit


class JsonApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(API_PREFIX):
            return None
        unknown = unknown_query_parameters(request)
        if not unknown:
            return None
        found = [(name, errors.UNKNOWN_PARAMETER) for name in unknown]
        return JsonResponse(errors.error_body(errors.INVALID_REQUEST, found), status=400)

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 400 and _body_too_large(request):
            status = 413
        message = MESSAGES.get(status) or (
            api_errors.INVALID_REQUEST if status < 500 else "Erreur interne du serveur."
        )
        json_response = JsonResponse(
            {"message": message, "fields": [], "errors": []}, status=status
        )
        if "Allow" in response:
            json_response["Allow"] = response["Allow"]
        return json_response
