"""The FAQ that ITS editors keep: audiences, topics, entries with their revision history, the
contacts pages show, and the inbox of questions and comments sent from /faq/ask/."""

from faq.models.contacts import Contact, ContactKind
from faq.models.entries import (
    MESSAGE_MAX_LENGTH,
    PUBLIC_STATUSES,
    RESERVED_AUDIENCE_SLUGS,
    Audience,
    Entry,
    EntryQuerySet,
    EntryRevision,
    EntryStatus,
    SpanishStatus,
    Synonym,
    Topic,
    _spanish_or,
)
from faq.models.inbox import InboxMessage, InboxReply, InboxStatus, SenderRole

__all__ = [
    "MESSAGE_MAX_LENGTH",
    "PUBLIC_STATUSES",
    "RESERVED_AUDIENCE_SLUGS",
    "Audience",
    "Contact",
    "ContactKind",
    "Entry",
    "EntryQuerySet",
    "EntryRevision",
    "EntryStatus",
    "InboxMessage",
    "InboxReply",
    "InboxStatus",
    "SenderRole",
    "SpanishStatus",
    "Synonym",
    "Topic",
    "_spanish_or",
]
