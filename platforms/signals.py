"""Sent by platforms.workflow inside the transaction that takes a platform's approval away
(``platform``, ``actor``, ``reason``): other apps flag what relies on it (the exceptions app
flags the approved exceptions and programs that use the platform)."""

from django.dispatch import Signal

approval_lost = Signal()
