"""Test settings: fast hashing, tasks run immediately, in-memory SQLite unless DATABASE_URL."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
SSO_ALLOW_HTTP = True  # the test identity provider of tests/idp/ runs on http
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not env.str("DATABASE_URL", default=""):
    DATABASES["default"]["NAME"] = ":memory:"  # noqa: F405
# The replica is a mirror of the test database; pages read from it only where a test turns
# READ_REPLICA on (metis/core/tests/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = None
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
AXES_ENABLED = False
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"  # noqa: F405
# Static files come from the finders here; WhiteNoise serves the collected ones in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# The API's rate limits stay out of the way of schemathesis (metis/api/tests/test_public_api.py
# sets them low where it tests them).
API_RATE_ANONYMOUS = "100000/min"
API_RATE_TOKEN = "100000/min"
# Webhooks may target a receiver on this machine (tests run one on 127.0.0.1).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
