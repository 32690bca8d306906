"""Production (opt-in: DJANGO_SETTINGS_MODULE=config.settings.prod); all from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be set in the environment for production, as https://host (the links "
        "of every e-mail are built on it)."
    )

IS_PRODUCTION = True
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
        },
    }
}
CACHES = {**CACHES, "default": env.cache("CACHE_URL", default="locmemcache://")}  # noqa: F405
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "metis.core.cache.RedisCache"  # its client kept
# Each gunicorn worker keeps its database connection between requests (checked before reuse):
# a new PostgreSQL connection per request costs a server process and its catalogue cache.
# CONN_MAX_AGE=0 closes it after each request (e.g. behind PgBouncer if preferred).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
