"""The load test's server (`python -m loadtest.run`): the production settings, served over
plain HTTP on 127.0.0.1 (no TLS redirect, cookies not marked Secure so that the load
generator sends them back over HTTP), with the baseline page on."""

from .prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOADTEST_BASELINE = True
