"""The bulk-texting system's API keys: created and revoked in the admin, stored only as
SHA-256."""

import hashlib
import secrets

from django.utils import timezone

from consent.models import TextingSystemKey

KEY_PREFIX = "aupk_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def texting_key_create(*, name: str, created_by) -> tuple[TextingSystemKey, str]:
    """A new key for a texting system. Returns the row and the key itself, which is shown
    once and never stored. Side effects: one TextingSystemKey row (the key's SHA-256)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = TextingSystemKey.objects.create(
        name=name, prefix=key[:12], key_hash=hash_key(key), created_by=created_by
    )
    return row, key


def texting_key_revoke(*, key: TextingSystemKey) -> bool:
    """Revokes the key from now on; False if it already was. Side effects: one row updated."""
    return bool(
        TextingSystemKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def texting_key_mark_used(*, key: TextingSystemKey) -> None:
    """Notes that the key just called the API (the admin shows when each key was last used).

    Side effects: the key's last_used_at. No lock: the latest call simply wins."""
    TextingSystemKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
