"""Development: the default when no environment is set (SQLite under var/, console e-mail)."""

from .base import *  # noqa: F403
from .base import DATA_DIR, env

DEBUG = True
SSO_ALLOW_HTTP = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
DATA_DIR.mkdir(parents=True, exist_ok=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come from the finders here; WhiteNoise serves the collected ones in production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Webhooks may target a receiver on this machine (tests run one on 127.0.0.1).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
