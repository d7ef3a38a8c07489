"""Settings for the district benchmark (scripts/bench.py, scripts/district.py): production
settings (DEBUG off, cached templates, persistent connections) over plain HTTP on 127.0.0.1,
plus one bench-only URL: a bare view behind the same middleware (aup_portal/urls_bench.py)."""

import os
from pathlib import Path

# Fixed keys: the generator stores link hashes made under LINK_SIGNING_KEY, and the benchmark
# rebuilds the parents' tokens from the nonces; nothing here is a production secret.
os.environ.setdefault("SECRET_KEY", "bench-only-key-1a7c3e9b5d2f8a4c6e0b3d7f9a1c5e8b2d4f6a0c")
os.environ.setdefault("LINK_SIGNING_KEY", "bench-only-link-key-5c2e8a1f7b3d9e6a0c4f2b8d1e7a3c9f")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("TEXTING_API_RATE_PER_MINUTE", "100000000")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# As deployed: one Redis for the cache and the sessions (database 12 of the local one).
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")
os.environ["DEBUG"] = "0"

from aup_portal.settings import *  # noqa: F403
from aup_portal.settings import BASE_DIR, CACHES, DATABASES, STORAGES

ROOT_URLCONF = "aup_portal.urls_bench"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_STORAGE_ROOT = Path(
    os.environ.get("BENCH_PRIVATE_STORAGE_ROOT", BASE_DIR / "test-artifacts" / "bench-private")
)
_private_files = {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_STORAGE_ROOT}}
STORAGES = {
    **STORAGES,
    "default": _private_files,
    "private": _private_files,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files from static/ without collectstatic, as the tests serve them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Each district its own keys: the cached rows of one (form texts, contacts) are not the other's.
CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": DATABASES["default"]["NAME"]}}
