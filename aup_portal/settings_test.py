"""Settings for the test suite: production settings on PostgreSQL, made fast and hermetic."""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-key-4f9c2b7e1d8a6f3c0e5b9d2a7c4f1e8b3d6a0c9f")
os.environ.setdefault("LINK_SIGNING_KEY", "test-only-link-key-9d1e7a3c5b8f2e6a0c4d7b1f9e3a5c8d")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aup_portal")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests speak plain HTTP to the test client and the live server.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from aup_portal.settings import *  # noqa: F403
from aup_portal.settings import BASE_DIR, DATABASES, S3_BUCKET, STORAGES

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The test suite runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test (tests/background/) writes its mail to files instead.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH")
# Background tasks run at once, inside the test, after the transaction commits (the benchmark
# queues them in the database as production does).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
PRIVATE_STORAGE_ROOT = Path(
    os.environ.get("TEST_PRIVATE_STORAGE_ROOT", BASE_DIR / "test-artifacts" / "private")
)
# Local files, unless a process started by tests/deploy is given S3_BUCKET (the moto server).
_private_files = (
    STORAGES["private"]
    if S3_BUCKET
    else {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_STORAGE_ROOT}}
)
STORAGES = {
    **STORAGES,
    "default": _private_files,
    "private": _private_files,
    # The manifest needs collectstatic; tests serve files straight from static/.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Quiet logs, unless a test of the logs themselves runs a process with the production ones
# (tests/deploy/test_observability.py).
if os.environ.get("TEST_PRODUCTION_LOGGING") != "1":
    LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from static/ without collectstatic, as in DEBUG.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
