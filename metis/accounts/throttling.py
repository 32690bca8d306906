"""Who is trying to log in, for django-axes: the e-mail typed in allauth's log-in form and the
client's address as the trusted reverse proxies report it.

Lock-outs count failures per (e-mail, address) pair, so made-up e-mails from one address never
lock a real person out, and everyone behind one proxy is told apart by the address the proxy
forwards (settings.TRUSTED_PROXY_COUNT proxies append to X-Forwarded-For)."""

import ipaddress

from django.conf import settings


def login_username(request, credentials=None) -> str | None:
    """allauth authenticates with `email=` (its form field is `login`): axes' default reads a
    `username` key and recorded nothing, which made every lock-out per address."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("email")
    return str(value).strip().lower()[:255] if value else None


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """With N trusted proxies, the N-th address from the right of X-Forwarded-For (the one the
    outermost trusted proxy saw); what the client itself wrote further left is ignored. Without
    a trusted proxy (or without the header), the socket's address."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        addresses = [a for a in forwarded.split(",") if a.strip()]
        if addresses:
            found = _valid_ip(addresses[-min(count, len(addresses))])
            if found:
                return found
    return _valid_ip(request.META.get("REMOTE_ADDR", "") or "")
