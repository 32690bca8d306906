"""Unknown query parameters are refused (400) rather than ignored: a client's typo
(`pagesize=50`, `statut=declared`) would otherwise get a silently wrong answer. The parameters
an operation accepts are those its OpenAPI document declares."""

import functools
import re

_PARAMETER = re.compile(r"\{[^}]+\}|<[^>]+>")


def _key(method: str, path: str) -> tuple[str, str]:
    return method.upper(), _PARAMETER.sub("{}", path)


@functools.cache
def _declared() -> dict[tuple[str, str], frozenset[str]]:
    from .api import api

    paths = api.get_openapi_schema()["paths"]
    return {
        _key(method, path): frozenset(
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
        )
        for path, item in paths.items()
        for method, operation in item.items()
    }


def unknown_query_parameters(request) -> list[str]:
    """The query parameters the operation called does not declare (none for an address that
    is not an operation: the document, the docs page)."""
    route = request.resolver_match.route
    declared = _declared().get(_key(request.method, "/" + route))
    if declared is None:
        return []
    return [name for name in request.GET if name not in declared]
