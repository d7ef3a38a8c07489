"""Deployment guards: the portal never serves without a secret key outside DEBUG."""

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
    """Called by the WSGI and ASGI entry points before they serve anything."""
    if secret_key_missing():
        raise ImproperlyConfigured(NO_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_missing():
        return [Error(NO_KEY_MESSAGE, id="aup_portal.E001")]
    return []
