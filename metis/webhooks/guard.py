"""The guard against server-side request forgery: a webhook goes to a public https address only
(unless settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS, for development and tests). Checked when a
subscription is saved (the scheme, an address written as such) and again before every sending
(the name resolved now: every address it resolves to must be public)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

URL_INVALID = _("Give a complete address, such as https://example.org/metis/webhooks.")
URL_NOT_HTTPS = _("The address must start with https:// (webhooks travel encrypted only).")
URL_PRIVATE = _(
    "This address points to a private, local or reserved network: webhooks are sent to public "
    "addresses only."
)


def _refuse(message, code):
    raise ValidationError({"url": ValidationError(message, code=code)})


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def target_check(url: str, *, resolve: bool) -> None:
    """Raise a ValidationError (on "url") unless `url` may receive webhooks; with `resolve`,
    its host name is resolved (OSError when it cannot be)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        _refuse(URL_INVALID, "invalid")
    if parts.scheme not in ("http", "https") or not host:
        _refuse(URL_INVALID, "invalid")
    if settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS:
        return
    if parts.scheme != "https":
        _refuse(URL_NOT_HTTPS, "not_https")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        _refuse(URL_PRIVATE, "private")
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = []
        if resolve:
            infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
            addresses = [info[4][0] for info in infos]
    if not all(_public(address) for address in addresses):
        _refuse(URL_PRIVATE, "private")
