"""Reading the environment for the settings: yes/no, whole numbers and address lists, each
refused with a clear message when it is not what it should be."""

from email.utils import getaddresses

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; anything but a clear yes or no is a configuration error."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_admins(name: str) -> list[tuple[str, str]]:
    """``Name <email>, other@example.org``: who is emailed a server error's report."""
    raw = env.str(name, default="")
    admins = [(who, address) for who, address in getaddresses([raw]) if who or address]
    for who, address in admins:
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {who or address!r} has no email address.")
    return admins
