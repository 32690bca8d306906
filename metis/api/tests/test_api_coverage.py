"""Every operation of the OpenAPI document is named in an API permission matrix: a test that
calls it without a token and with each kind of token and checks who gets in (the screens have
the same rule: metis/core/tests/test_url_coverage.py). A new operation without a matrix row
fails here, and so does one without its own operation id, summary or example."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
METHODS = {"get", "post", "put", "patch", "delete"}


def _operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _named_in_matrices():
    names = set()
    for module in sorted(ROOT.glob("metis/*/tests/test_api_permissions.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
    return names


def test_every_operation_is_in_an_api_permission_matrix(client):
    named = _named_in_matrices()
    missing = sorted(
        f"{method.upper()} {path} ({operation.get('operationId')})"
        for path, method, operation in _operations(client)
        if operation.get("operationId") not in named
    )
    assert missing == [], f"API operations no permission matrix names: {missing}"


def test_every_operation_has_its_own_id_and_a_summary(client):
    operations = list(_operations(client))
    ids = [operation.get("operationId", "") for _path, _method, operation in operations]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations:
        assert operation.get("summary"), (method, path)
        assert not operation["operationId"].startswith("metis_"), (method, path)


def _has_example(node, components, seen=frozenset()) -> bool:
    if isinstance(node, dict):
        if "example" in node or "examples" in node:
            return True
        ref = node.get("$ref", "")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            return name not in seen and _has_example(components[name], components, seen | {name})
        return any(_has_example(value, components, seen) for value in node.values())
    if isinstance(node, list):
        return any(_has_example(value, components, seen) for value in node)
    return False


def test_every_json_answer_comes_with_an_example(client):
    """What an integrator reads first: each success answer in JSON shows an example (files —
    PDF, CSV, XLSX — are described by their media type)."""
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    missing = []
    for path, method, operation in _operations(client):
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            json_answer = str(status).startswith("2") and "application/json" in content
            if json_answer and not _has_example(content["application/json"], components):
                missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_the_document_is_built_once_and_handed_out_as_a_copy(client):
    from metis.api.api import api

    first = api.get_openapi_schema(path_prefix="/api/v1/")
    first["paths"].clear()  # a caller changing its copy changes nobody else's
    assert api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    assert client.get("/api/v1/openapi.json").json()["paths"]


def test_the_document_is_answered_as_written_once_per_language(client):
    """The JSON is written once per process, address and language, then answered as bytes:
    the same document as the API describes, in the reader's language."""
    import json

    from django.utils import translation
    from ninja.responses import NinjaJSONEncoder

    from metis.api.api import api

    for language in ("fr", "en"):
        first = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=language)
        again = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=language)
        assert first["Content-Type"] == "application/json; charset=utf-8"
        assert first.content == again.content
        with translation.override(language):
            built = api.get_openapi_schema(path_prefix="/api/v1/")
        assert first.json() == json.loads(json.dumps(built, cls=NinjaJSONEncoder))
