"""Every URL pattern of the site is named by a permission matrix: a test that opens it (or posts
to it) as every persona and checks who gets in, and that a refused person wrote nothing.

The matrices are the modules below; a URL name counts as covered when it appears in one of them
as a string. A new view without a matrix row fails here."""

import ast
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[3]
MATRICES = [
    "metis/core/tests/test_permission_matrix.py",
    *sorted(
        path.relative_to(ROOT).as_posix()
        for pattern in ("metis/*/tests/test_permissions.py", "metis/*/tests/test_views.py")
        for path in ROOT.glob(pattern)
    ),
]

#: Patterns no matrix needs to name, by name prefix, with the reason.
NOT_IN_A_MATRIX = {
    "admin:": "Django's admin: staff only, its own permission checks (operator group, read-only "
    "ledger and documents: accounts/tests/test_security.py)",
    "admin/": "the admin's unnamed redirects (old object URLs)",
    "account_": "allauth's log-in, sign-up and password pages: public by design",
    "mfa_": "allauth's second-factor pages: the person's own account only",
    "api:": "the public JSON API (no session): valuation/tests/test_api.py",
    "socialaccount_": "allauth's third-party account pages: log-in errors, its sign-up (closed: "
    "metis.sso's adapter links every identity), connections (the person's own account)",
    "accounts/social/": "allauth's unnamed redirects to its third-party pages",
    "openid_connect_": "a company's OpenID Connect log-in and callback: public by design, the "
    "flow is tested against a real provider in sso/tests/test_oidc.py",
    "saml_": "a company's SAML log-in, ACS and metadata: public by design, sso/tests/test_saml.py",
    "set_language": "Django's language switch: public, writes only the session",
    "reporting:agenda": "calendar feed authenticated by its secret token, no session: "
    "reporting/tests/test_dashboards.py",
}


def _patterns(resolver=None, namespace=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(pattern, name, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, prefix + str(pattern.pattern)


def _named_in_matrices():
    names = set()
    for module in MATRICES:
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        names |= {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
    return names


def _exempt(name, route):
    key = name or route
    return any(key.startswith(prefix) for prefix in NOT_IN_A_MATRIX)


def test_every_url_pattern_is_in_a_permission_matrix():
    named = _named_in_matrices()
    missing = sorted(
        name or route
        for name, route in _patterns()
        if not _exempt(name, route) and (name is None or name not in named)
    )
    assert missing == [], f"URL patterns no permission matrix names: {missing}"


def test_the_exemptions_are_still_needed():
    """An exemption that matches no pattern any more is removed."""
    keys = [name or route for name, route in _patterns()]
    unused = [prefix for prefix in NOT_IN_A_MATRIX if not any(k.startswith(prefix) for k in keys)]
    assert unused == []
