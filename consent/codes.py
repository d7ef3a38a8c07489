"""Short codes for printed letters: ten characters a parent types at /consent/code/ instead
of the long link, derived from the link's nonce like its token (under the same key,
LINK_SIGNING_KEY, and its fallbacks) and stored only as a hash.

A code is an HMAC of the link's nonce under a salt used for nothing else, written in
Crockford's base32 (no I, L, O or U, so nothing reads as another character), shown grouped
as ABCD-EFGH-JK. Ten characters are 50 bits: with wrong tries limited per address, guessing
one is out of reach, and the date-of-birth check still stands behind it. Pure: the hash is
stored by consent.services.letters.letter_codes_assign before a letter is rendered."""

import hashlib
import re

from django.utils.crypto import salted_hmac

from aup_portal import ratelimit
from consent.links import signing_keys, under_a_known_key
from consent.models import ConsentLink

_SALT = "aup_portal.consent.letter_code"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10

# Wrong codes allowed from one address per window; past that even a right code waits.
WRONG_TRIES_ALLOWED = 10
WRONG_TRIES_WINDOW_SECONDS = 15 * 60

# What people type for a character Crockford's alphabet leaves out.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-–—_.]+")


def code_for_nonce(nonce: str, key: str | None = None) -> str:
    digest = salted_hmac(_SALT, nonce, secret=key or signing_keys()[0], algorithm="sha256")
    digest = digest.digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * LENGTH)
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def link_code(link: ConsentLink) -> str:
    """The link's code: the one its stored hash expects (under the current key or the
    fallback it was assigned under), or under the current key for a link without a code."""
    if link.code_hash is None:
        return code_for_nonce(link.nonce)
    return under_a_known_key(
        lambda key: code_for_nonce(link.nonce, key),
        link.code_hash,
        f"The letter code of link {link.pk}",
    )


def grouped(code: str) -> str:
    """ABCDEFGHJK → ABCD-EFGH-JK, as printed on the letter."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def normalize(typed: str) -> str | None:
    """The code a person typed, in any case, with or without dashes and spaces; None when it
    can't be a code at all."""
    code = _SEPARATORS.sub("", typed or "").upper().translate(_LOOKALIKES)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def link_for_code(typed: str) -> ConsentLink | None:
    code = normalize(typed)
    if code is None:
        return None
    return ConsentLink.objects.filter(code_hash=hash_code(code)).first()


# --- Wrong tries per address --------------------------------------------------------------
# Counted in the cache (aup_portal.ratelimit; a 15-minute window from the first wrong try).
# With the default per-process memory cache each server process counts on its own, so the
# real limit is the allowance times the number of processes: still far from guessing a
# 50-bit code. Configure a shared cache (REDIS_URL) to make it exact.
WRONG_CODES = ratelimit.Limit("consent-code-wrong", WRONG_TRIES_ALLOWED, WRONG_TRIES_WINDOW_SECONDS)


def too_many_wrong_tries(ip) -> bool:
    return ratelimit.peek(WRONG_CODES, ip or "unknown").used_up


def count_wrong_try(ip) -> int:
    return ratelimit.hit(WRONG_CODES, ip or "unknown").count
