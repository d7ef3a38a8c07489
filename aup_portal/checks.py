"""Deployment guards: the portal never serves without a secret key or the links' key
(LINK_SIGNING_KEY) outside DEBUG, district sign-in is configured whole or not at all, and the
cache the rate limits count in is shared by every process."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

NO_KEY_MESSAGE = "SECRET_KEY must be set when DEBUG is off."


def secret_key_missing() -> bool:
    try:
        return not settings.DEBUG and not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return True


def require_secret_key() -> None:
    """Called by the WSGI and ASGI entry points before they serve anything (the links' key
    too: without it no parent link could be made or opened)."""
    if secret_key_missing():
        raise ImproperlyConfigured(NO_KEY_MESSAGE)
    if link_key_missing():
        raise ImproperlyConfigured(NO_LINK_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_missing():
        return [Error(NO_KEY_MESSAGE, id="aup_portal.E001")]
    return []


NO_LINK_KEY_MESSAGE = (
    "LINK_SIGNING_KEY must be set when DEBUG is off: parent links and letter codes are "
    "signed with it (keep the old key in LINK_SIGNING_KEY_FALLBACKS when it changes)."
)


def link_key_missing() -> bool:
    return not settings.DEBUG and not settings.LINK_SIGNING_KEY


@register(Tags.security, deploy=True)
def check_link_signing_key(app_configs, **kwargs):
    if link_key_missing():
        return [Error(NO_LINK_KEY_MESSAGE, id="aup_portal.E003")]
    return []


def oidc_problems() -> list[str]:
    """What is missing from a district sign-in (OpenID Connect) setup that has begun."""
    given = {
        "OIDC_CLIENT_ID": settings.OIDC_RP_CLIENT_ID,
        "OIDC_CLIENT_SECRET": settings.OIDC_RP_CLIENT_SECRET,
        "OIDC_ISSUER": settings.OIDC_ISSUER,
    }
    if not any(given.values()):
        return []
    problems = [f"{name} is not set." for name, value in given.items() if not value]
    addresses = {
        "OIDC_ISSUER": settings.OIDC_ISSUER,
        "OIDC_END_SESSION_ENDPOINT": settings.OIDC_OP_END_SESSION_ENDPOINT,
    }
    problems += [
        f"{name} must be an https:// address."
        for name, value in addresses.items()
        if value and not value.startswith("https://")
    ]
    return problems


@register(Tags.security, deploy=True)
def check_oidc(app_configs, **kwargs):
    return [
        Error(f"District sign-in is half configured: {problem}", id="aup_portal.E002")
        for problem in oidc_problems()
    ]


# Caches that each process keeps for itself (or not at all): a rate limit counted in one is
# multiplied by the number of server processes, and a session or lockout seen by one only.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}
LOCAL_CACHE_MESSAGE = (
    "The cache is per-process ({backend}): every rate limit would count per server process. "
    "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so all processes share one cache."
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend in PER_PROCESS_CACHES:
        return [Error(LOCAL_CACHE_MESSAGE.format(backend=backend), id="aup_portal.E004")]
    return []
