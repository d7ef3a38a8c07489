"""Settings for the AUP Portal, read from the environment only.

Every variable is listed in README.md ("Configuration"). Nothing secret has a default
outside DEBUG, and DEBUG is off unless the environment turns it on.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ImproperlyConfigured

from aup_portal.envvars import env, env_admins, env_bool, env_int
from aup_portal.logging_config import logging_config, sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    # A fixed key is acceptable only for the local demo: DEBUG is never on in production.
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-demo-only-key-never-used-outside-debug")
else:
    # No default: without SECRET_KEY the web servers refuse to start (aup_portal.checks,
    # called from wsgi.py / asgi.py), `check --deploy` fails, and Django refuses any signing.
    # Commands that need no secret (makemigrations, collectstatic) still run.
    SECRET_KEY = env.str("SECRET_KEY", default="")
# To rotate SECRET_KEY, put the old one here: sessions and password-reset links signed with it
# stay valid until it is dropped (README "Deployment").
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# Parent links and letter codes are HMACs under their own key, so rotating SECRET_KEY leaves
# every emailed link and printed letter working. To rotate this key, put the old one first in
# LINK_SIGNING_KEY_FALLBACKS (comma-separated): links already sent keep working, reminders
# repeat them, and new links use the new key. (consent/links.py; checked by aup_portal.checks)
if DEBUG:
    LINK_SIGNING_KEY = env.str("LINK_SIGNING_KEY", default="insecure-demo-only-link-key")
else:
    LINK_SIGNING_KEY = env.str("LINK_SIGNING_KEY", default="")
LINK_SIGNING_KEY_FALLBACKS = env.list("LINK_SIGNING_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "aup_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "phonenumber_field",
    "axes",
    "simple_history",
    # Before django_tasks_db: its db_worker command is the worker with a heartbeat (background/).
    "background",
    "django_tasks",
    "django_tasks_db",
    "pgtrigger",
    "roster",
    "faq",
    "consent",
    "exceptions",
    "platforms",
]

MIDDLEWARE = [
    # First: every later middleware's log lines, and the tasks a request queues, carry its id.
    "aup_portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL byte in any parameter is a 400 before a view or the database sees it.
    "aup_portal.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Saves a session when it changed, else at most every few minutes (not on every request).
    "aup_portal.middleware.SessionRefreshMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a signed-in user unless it says @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Records who made each change in the history that editors can restore from.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes must come last so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aup_portal.urls"
WSGI_APPLICATION = "aup_portal.wsgi.application"

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
                "aup_portal.context_processors.district",
                "aup_portal.context_processors.navigation",
                "faq.context_processors.contacts",
            ],
        },
    },
]

# Unset DATABASE_URL means the zero-setup demo on a local SQLite file; production and the
# test suite use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web server and background worker write at once: take the write lock when a
    # transaction starts (no upgrade deadlock), wait for it, and let readers go on (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT off for the portal's connections: the planner's cost estimates at district scale
    # (1 M consent requests) make PostgreSQL JIT-compile ~160 functions for the dashboard's
    # query, ~70 ms of compiling for a query that runs in ~47 ms. Our queries are short OLTP
    # reads; JIT only pays off for long analytic scans. Other clients (psql, reports) keep
    # the server's setting.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "roster.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a paused username/address pair before any password check.
    "axes.backends.AxesStandaloneBackend",
    # District sign-in (OpenID Connect); does nothing unless OIDC_CLIENT_ID is set.
    "aup_portal.oidc.DistrictSignInBackend",
    # Passwords; with district sign-in on, only break-glass accounts (aup_portal/oidc.py).
    "aup_portal.oidc.PasswordBackend",
]

# District sign-in (OpenID Connect, docs/oidc.md): aup_portal/settings_oidc.py.
from aup_portal.settings_oidc import *  # noqa: E402, F403
from aup_portal.settings_oidc import OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT  # noqa: E402

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# No form takes more than ten files (aup_portal/uploads.py): a request with more than twenty
# is refused while it is read, with the 400 page, before its files fill the disk.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Staff sessions end after 8 idle hours (give or take the five minutes between saves of a
# session that did not change: aup_portal.middleware.SessionRefreshMiddleware) or when the
# browser closes.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Brute-force protection: five failures for one username from one address lock that pair
# out for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The roster admin shows lockouts to the roles that manage users (roster/admin.py).
AXES_ENABLE_ADMIN = False
# The provider, not the portal, checks the password on district sign-in: its refusals must not
# pause a school's shared address (aup_portal/oidc.py).
AXES_WHITELIST_CALLABLE = "aup_portal.oidc.is_district_sign_in"

LANGUAGE_CODE = "en-us"
# Parent-facing pages, emails, letters and signed forms exist in English and Spanish; the
# language is chosen per consent link (consent/i18n.py), not site-wide, so staff pages stay
# English. The compiled catalogue (locale/es/LC_MESSAGES/django.mo) is kept in the tree.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

# Bootstrap calls the error alert "danger" (templates/includes/messages.html).
MESSAGE_TAGS = {message_levels.ERROR: "danger"}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))

# Signed forms, scans and exports live here. It is never served by the web server: views
# stream files from it after an access check and write the access log.
PRIVATE_STORAGE_ROOT = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(BASE_DIR / "private")))
if PRIVATE_STORAGE_ROOT.resolve().is_relative_to(STATIC_ROOT.resolve()) or (
    PRIVATE_STORAGE_ROOT.resolve().is_relative_to((BASE_DIR / "static").resolve())
):
    raise ImproperlyConfigured("PRIVATE_STORAGE_ROOT must not be inside a static files folder.")

# With S3_BUCKET the private files live in an S3-compatible bucket instead (aup_portal/storage.py):
# private, encrypted (AES256, or KMS with S3_KMS_KEY_ID), the cumulative record under object
# lock until its retention rule's date (S3_OBJECT_LOCK_MODE: COMPLIANCE, GOVERNANCE or off; the
# bucket must be created with object lock unless off). Access keys: boto3's own AWS_ACCESS_KEY_ID
# and AWS_SECRET_ACCESS_KEY (or an instance role). `manage.py files_to_bucket` moves the folder's
# files there.
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_OBJECT_LOCK_MODE = env.str("S3_OBJECT_LOCK_MODE", default="COMPLIANCE").upper()
if S3_OBJECT_LOCK_MODE not in ("COMPLIANCE", "GOVERNANCE", "OFF"):
    raise ImproperlyConfigured("S3_OBJECT_LOCK_MODE must be COMPLIANCE, GOVERNANCE or off.")
_private_files = (
    {
        "BACKEND": "aup_portal.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "object_lock_mode": S3_OBJECT_LOCK_MODE,
            "kms_key_id": env.str("S3_KMS_KEY_ID", default=""),
        },
    }
    if S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    }
)
STORAGES = {
    "default": _private_files,
    "private": _private_files,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Email: the console in DEBUG, SMTP otherwise (EMAIL_URL, e.g. smtp+tls://user:pw@host:587).
if DEBUG and not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
    EMAIL_PORT = _email.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="AUP Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[AUP Portal] "
EMAIL_TIMEOUT = 10

# The portal's address as parents see it, for links in emails and letters. In DEBUG it
# follows PORT, the port `make run PORT=8123` serves the demo on.
_demo_port = env_int("PORT", 8000, minimum=1)
PORTAL_URL = env.str(
    "PORTAL_URL",
    default=f"https://{ALLOWED_HOSTS[0]}"
    if ALLOWED_HOSTS and not DEBUG
    else f"http://127.0.0.1:{_demo_port}",
).rstrip("/")

# The district this deployment serves; pages and letters read these, never literal text.
DISTRICT = {
    "name": env.str("DISTRICT_NAME", default="Chicago Public Schools"),
    "guidance_email": env.str("DISTRICT_GUIDANCE_EMAIL", default="aupguidelines@cps.edu"),
    "service_desk_phone": env.str("DISTRICT_SERVICE_DESK_PHONE", default="773-553-3925"),
    "student_hotline_phone": env.str("DISTRICT_STUDENT_HOTLINE_PHONE", default="773-535-4400"),
    "inspector_general_phone": env.str("DISTRICT_OIG_PHONE", default="773-483-7283"),
}

# Where questions and comments sent from /faq/ask/ are announced (the FAQ's inbox).
ITS_INBOX_EMAIL = env.str("ITS_INBOX_EMAIL", default=DISTRICT["guidance_email"])

# Working days an exception request may wait at one stage before its queue highlights it.
EXCEPTION_SERVICE_LEVEL_DAYS = env_int("EXCEPTION_SERVICE_LEVEL_DAYS", 5, minimum=1)
# Days before the school year's last day that requesters of approved exceptions are asked to
# re-attest (manage.py exceptions_reattest, daily).
EXCEPTION_REATTEST_DAYS = env_int("EXCEPTION_REATTEST_DAYS", 30, minimum=1)

# Rate limits (aup_portal/ratelimit.py: the texting API, /consent/code/, /faq/ask/) count in
# the cache: set REDIS_URL in production so every server process shares one count. Without it
# each process counts alone (a limit multiplied by the number of processes): `check --deploy`
# fails outside DEBUG (aup_portal/checks.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "aup_portal.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
    # Sessions are read from the shared cache and written to both it and the database: a
    # parent's page view reads no session row (a database query saved on every page).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Calls one texting-system API key may make per minute (consent/views/api.py).
TEXTING_API_RATE_PER_MINUTE = env_int("TEXTING_API_RATE_PER_MINUTE", 600, minimum=1)

# Background work (mail, PDFs) runs in a database-backed worker: `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker beats every quarter of the lease; a running task whose worker missed a whole lease
# (killed, machine lost) is retried. A failing task is retried after the delay, doubled each
# time up to the cap; after the last attempt it stays failed and ITS is emailed (background/).
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 60, minimum=2)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 5, minimum=1)
TASKS_RETRY_DELAY_SECONDS = env_int("TASKS_RETRY_DELAY_SECONDS", 30)
TASKS_RETRY_MAX_DELAY_SECONDS = env_int("TASKS_RETRY_MAX_DELAY_SECONDS", 3600)
# Who is emailed about a task that keeps failing.
TASKS_ALERT_EMAIL = env.str("TASKS_ALERT_EMAIL", default=ITS_INBOX_EMAIL)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PHONENUMBER_DEFAULT_REGION = "US"

# --- Transport and browser security -------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the portal that append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
# Off unless the district opts in: both bind every host of the district's domain to HTTPS
# (preload for years, in every browser, hard to undo). README "Deployment" says how to opt in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Django's deployment checks warn about either flag off (security.W005, W021); off is this
# portal's deliberate default, so the warning is silenced while a flag is off by choice.
SILENCED_SYSTEM_CHECKS = [
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "aup_portal.views.csrf_failure"

_oidc_origins = sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(url))
        for url in (OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT)
        if url
    }
)
# Scripts and styles come only from our own static files: no inline script, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The sign-out form is redirected to the provider's sign-out page (aup_portal/oidc.py).
        "form-action": [SELF, *_oidc_origins],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logs and error reports ---------------------------------------------------------------
# JSON lines on standard error (time, level, logger, message, request_id, user_id, path), or
# plain text for a developer (the default in DEBUG). Parent-link tokens and letter codes are
# cut out of every line (a 404 for a mistyped link logs its address): aup_portal/redaction.py.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")


# Server errors are emailed to ADMINS (outside DEBUG), the report redacted: no form values, no
# local variable or cookie named like a secret (aup_portal/logging.py), no parent token.
ADMINS = env_admins("ADMINS")
DEFAULT_EXCEPTION_REPORTER_FILTER = "aup_portal.logging.RedactingExceptionReporterFilter"

LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

# Errors (and the log lines before them) go to a Sentry-compatible service when SENTRY_DSN is
# set: no personal data, no request bodies or local variables, every text redacted.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_init(dsn=SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# The roster import (docs/roster-import.md): aup_portal/settings_roster.py.
from aup_portal.settings_roster import *  # noqa: E402, F403
