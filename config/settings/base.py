"""Settings shared by every environment. Environment variables are read with django-environ."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(environ.Env().str("METIS_DATA_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Scheme and host of every link sent out of a request (e-mails): production requires it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# True only in config.settings.prod: commands that must never touch real data refuse it.
IS_PRODUCTION = False
# The load test's baseline page (metis.core.views.loadtest_baseline): on only in
# config.settings.loadtest, a 404 everywhere else.
LOADTEST_BASELINE = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "axes",
    "rules",
    "simple_history",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "metis.core",
    "metis.inbox",
    "metis.accounts",
    "metis.organisations",
    "metis.skills",
    "metis.programmes",
    "metis.ledger",
    "metis.needs",
    "metis.calls",
    "metis.civic",
    "metis.events",
    "metis.outcomes",
    "metis.sso",
    "metis.notifications",
    "metis.reporting",
    "metis.allocations",
    "metis.documents",
    "metis.ecosystem",
    "metis.valuation",
    "metis.tokens",
    "metis.api",
    "metis.webhooks",
    "metis.workflow",
    "metis.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "metis.api.middleware.JsonApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "metis.core.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "metis.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "metis.accounts.middleware.CurrentMembershipMiddleware",
    "metis.accounts.middleware.OperatorMfaRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "metis.core.form_renderer.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "metis.accounts.context_processors.current_membership",
            ],
        },
    },
]

# The default cache is this process's memory (production: Redis, CACHE_URL). "fragments" is
# always this process's memory: page parts that depend only on the language and the person's
# role and organisation (the main menu, the footer), rendered once and kept (base.html's
# {% cache %}); reading them from Redis would cost about what rendering them does.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'metis.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock up front: balances are checked then debited in one transaction.
    # WAL lets the task worker read and write while the server does; a writer waits up to 20 s
    # for the lock (busy timeout) instead of failing with "database is locked". Every new
    # connection (server, worker, commands) runs the init command.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Behind PgBouncer in transaction mode (docs/scaling.md): no server-side cursors (a cursor
# would outlive the transaction's server connection), and connections kept by each worker.
if env.bool("DATABASE_TRANSACTION_POOLING", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] > 0
# A streaming replica for the pages that only read large sets (metis.core.replica).
READ_REPLICA = None
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    READ_REPLICA = "replica"
DATABASE_ROUTERS = ["metis.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "inbox:home"

# django-allauth: e-mail log-in with mandatory verification, TOTP available to everybody.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "METIS"
# Single sign-on (metis/sso, docs/sso.md): a company's identity provider logs its employees in.
# The adapter trusts the provider's e-mail only for the company's domains, links or creates the
# person and their employee membership: no social sign-up form, no e-mail to verify again.
SOCIALACCOUNT_ADAPTER = "metis.sso.adapter.CompanySsoAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# The identity provider's addresses METIS fetches must be https (True in dev and tests, whose
# providers run on http://127.0.0.1).
SSO_ALLOW_HTTP = False

# Log-in throttling (metis/accounts/throttling.py). Behind N reverse proxies that append to
# X-Forwarded-For, set TRUSTED_PROXY_COUNT=N so each client is told apart by its own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Rate limits of the JSON API (metis/api/throttling.py): per client address without a token,
# per token with one ("<requests>/<s|min|hour|day>").
API_RATE_ANONYMOUS = env.str("API_RATE_ANONYMOUS", default="120/min")
API_RATE_TOKEN = env.str("API_RATE_TOKEN", default="600/min")
# django-axes locks one (e-mail, address) pair out after 10 failures for an hour: made-up
# e-mails from one address never lock a real person out.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "metis.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "metis.accounts.throttling.client_ip"
# allauth throttles per account across addresses (5 failures per e-mail per 5 minutes) and
# floods per address (its 10 per minute would let one address block everyone behind it).
ACCOUNT_RATE_LIMITS = {"login_failed": "60/m/ip,5/300s/key"}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# One queue per kind of task, so that a long job never delays a short one (docs/scaling.md):
# e-mails, allocation runs (minutes of CPU), documents (receipt batches); anything else: default.
TASK_QUEUES = ["mail", "default", "documents", "matching", "webhooks"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
if env.str("REDIS_URL", default=""):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {queue: {"URL": env.str("REDIS_URL")} for queue in TASK_QUEUES}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}

# Webhooks (metis.webhooks): refuse targets that are not https or resolve to a private,
# loopback or link-local address (a subscriber must not make the server call its own network).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="METIS <ne-pas-repondre@metis.example>")

SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
