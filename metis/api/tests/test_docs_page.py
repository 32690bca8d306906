"""The API docs page loads Swagger UI from the vendored assets, with nothing the CSP blocks."""

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_docs_page_uses_only_vendored_assets_and_no_inline_script():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui/swagger-ui.css" in styles
    for url in sources + styles:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert len(re.findall(r"<script", html)) == len(sources)  # no inline script
    assert "style=" not in html and "<style" not in html
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "cdn" not in csp
