"""Request helpers shared by the apps."""

import re

from django.conf import settings

_DIGITS = re.compile(r"[0-9]{1,18}")


def digits(value: str) -> bool:
    """Is ``value`` a number that int() and a bigint column take? str.isdigit() also says
    yes to superscripts like "²", which int() refuses."""
    return bool(_DIGITS.fullmatch(value or ""))


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
    the outermost trusted proxy saw (from the right of X-Forwarded-For)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
