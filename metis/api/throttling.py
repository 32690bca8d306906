"""Rate limits of the whole API (set on the NinjaAPI object, so every router inherits them):
anonymous requests per client address (the address the trusted proxies report, as the log-in
throttling reads it: settings.TRUSTED_PROXY_COUNT), authenticated ones per API token
(``request.auth.pk``). Rates are read from settings at each request: API_RATE_ANONYMOUS
(default "120/min") and API_RATE_TOKEN (default "600/min")."""

import hashlib

from django.conf import settings
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from metis.accounts.throttling import client_ip

DEFAULT_ANONYMOUS_RATE = "120/min"
DEFAULT_TOKEN_RATE = "600/min"


class _SettingsRate:
    setting = ""
    default = ""

    def __init__(self):
        super().__init__(rate=self.default)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting, self.default)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonymousThrottle(_SettingsRate, AnonRateThrottle):
    setting, default = "API_RATE_ANONYMOUS", DEFAULT_ANONYMOUS_RATE
    scope = "api-anonymous"

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class TokenThrottle(_SettingsRate, AuthRateThrottle):
    setting, default = "API_RATE_TOKEN", DEFAULT_TOKEN_RATE
    scope = "api-token"

    def get_cache_key(self, request):
        auth = getattr(request, "auth", None)
        if auth is None:
            return None  # anonymous requests: AnonymousThrottle
        key = getattr(auth, "pk", None)
        ident = str(key) if key is not None else hashlib.sha256(str(auth).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


def api_throttles() -> list:
    return [AnonymousThrottle(), TokenThrottle()]
