"""Bearer authentication of the organisation API: ``Authorization: Bearer metis_<prefix>_<secret>``.

A wrong, revoked or expired token (or one whose creator no longer manages the organisation)
is refused with 401; a good token without the operation's scope with 403. ``request.auth`` is
the ApiToken.
"""

from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from .models import Scope
from .services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    openapi_bearerFormat = "metis_<prefix>_<secret>"
    openapi_description = (
        "The API token of a company or an association (page « Accès à l’API »): read scope for "
        "GET operations, write scope for POST operations."
    )

    def __init__(self, scope: str = Scope.READ):
        self.scope = scope
        super().__init__()

    def authenticate(self, request, token):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        if not api_token.allows(self.scope):
            raise AuthorizationError()
        return api_token


read_token = ApiTokenAuth(Scope.READ)
write_token = ApiTokenAuth(Scope.WRITE)
