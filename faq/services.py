"""Every write to the FAQ and its inbox. The admin, the ask form and seed_demo all come here,
so the dates that say when the public pages changed are kept in one place."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext

from aup_portal import ratelimit
from faq.emails import email_queue
from faq.models import (
    PUBLIC_STATUSES,
    Audience,
    Entry,
    EntryRevision,
    EntryStatus,
    InboxMessage,
    InboxReply,
    InboxStatus,
    SenderRole,
)

# What a visitor sees of an entry; a save that changes one of these on a public entry moves
# the "last updated" date. Reordering (position) does not: the content is the same.
PUBLIC_FIELDS = ("slug", "question", "answer", "topic_id", "status")

# Messages one address may send an hour (a window from its first message).
INBOX_LIMIT = ratelimit.Limit("faq-inbox", allowed=5, seconds=60 * 60)

# The audience an FAQ entry drafted from a message starts with, by the sender's role.
AUDIENCE_FOR_SENDER = {
    SenderRole.PARENT: "parents",
    SenderRole.STUDENT: "students",
    SenderRole.STAFF: "staff",
}


class RateLimited(Exception):
    """The sender's address has sent as many messages as the rate limit allows for now."""


def _unique_slug(question: str, exclude_pk: int | None) -> str:
    base = slugify(question)[:72].strip("-") or "question"
    slug, n = base, 2
    while Entry.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def entry_save(*, entry: Entry, audiences=None, editor=None) -> Entry:
    """Create or update ``entry`` (and set its audiences, when given).

    Side effects: the entry row (its answer rendered to safe HTML), its audience links, one
    revision in its history. ``public_changed_at`` moves when the save changes what a public
    page shows (publishing, archiving, withdrawing, or editing a public entry), never for a
    draft; ``archived_at`` is set on archiving and cleared otherwise. Once an entry has been
    public its slug is kept, so saved permalinks keep working.
    """
    now = timezone.now()
    old = Entry.objects.select_for_update().filter(pk=entry.pk).first() if entry.pk else None
    old_audience_ids = set(old.audiences.values_list("pk", flat=True)) if old else set()
    new_audience_ids = {a.pk for a in audiences} if audiences is not None else old_audience_ids

    if entry.status == EntryStatus.PUBLISHED:
        if not entry.answer.strip():
            raise ValidationError({"answer": gettext("A published entry needs an answer.")})
        if not new_audience_ids:
            raise ValidationError({"audiences": gettext("Choose who the answer is for.")})

    # The bookkeeping is this service's, not whatever the caller's instance carried (a
    # restored revision carries the dates of its time).
    entry.public_changed_at = old.public_changed_at if old else None
    entry.archived_at = old.archived_at if old else None
    if old and old.public_changed_at is not None:
        entry.slug = old.slug
    if not entry.slug:
        entry.slug = _unique_slug(entry.question, exclude_pk=entry.pk)

    was_public = old is not None and old.status in PUBLIC_STATUSES
    changed = (
        old is None
        or any(getattr(old, name) != getattr(entry, name) for name in PUBLIC_FIELDS)
        or new_audience_ids != old_audience_ids
    )
    if changed and (was_public or entry.status in PUBLIC_STATUSES):
        entry.public_changed_at = now
    if entry.status != EntryStatus.ARCHIVED:
        entry.archived_at = None
    elif old is None or old.status != EntryStatus.ARCHIVED:
        entry.archived_at = now

    if editor is not None and editor.is_authenticated:
        entry.last_editor = editor
        entry._history_user = editor
    entry.save()
    if audiences is not None:
        entry.audiences.set(audiences)
    return entry


# What an editor's change to a published entry may alter; a change to any of these waits as a
# pending revision until it is previewed and published. Position alone (reordering) does not.
REVISED_FIELDS = (
    "question",
    "answer",
    "keywords",
    "question_es",
    "answer_es",
    "spanish_status",
    "topic_id",
    "status",
)


def _proposal(entry: Entry, audience_ids) -> dict:
    return {
        **{name: getattr(entry, name) for name in REVISED_FIELDS},
        "audience_ids": sorted(audience_ids),
    }


@transaction.atomic
def entry_change(*, entry: Entry, audiences, editor) -> tuple[Entry, bool]:
    """Save an editor's change from the admin. Returns (entry, pending).

    A draft or archived entry, or a published entry whose content is unchanged (reordered
    only), is saved at once (entry_save). A change to a published entry's content is kept as
    its pending revision instead (pending=True): the live entry, its history and the public
    pages stay as they are until entry_revision_publish. Side effects: the entry as
    entry_save, or one EntryRevision row written (replacing an earlier pending one).
    """
    live = Entry.objects.select_for_update().filter(pk=entry.pk).first() if entry.pk else None
    if live is None or live.status != EntryStatus.PUBLISHED:
        return entry_save(entry=entry, audiences=audiences, editor=editor), False
    live_audience_ids = set(live.audiences.values_list("pk", flat=True))
    audience_ids = {a.pk for a in audiences} if audiences is not None else live_audience_ids
    proposal = _proposal(entry, audience_ids)
    if proposal == _proposal(live, live_audience_ids):
        return entry_save(entry=entry, audiences=audiences, editor=editor), False
    EntryRevision.objects.update_or_create(
        entry=live, defaults={"fields": proposal, "proposed_by": editor}
    )
    return live, True


@transaction.atomic
def entry_revision_publish(*, entry: Entry, editor) -> Entry:
    """Make the entry's pending revision live. Raises ValidationError when nothing is pending
    (already published, by a double click or another editor, or discarded).

    Side effects: as entry_save (the entry row, its audiences, one history revision, the
    "last updated" date); the EntryRevision row deleted.
    """
    live = Entry.objects.select_for_update().get(pk=entry.pk)
    revision = EntryRevision.objects.select_for_update().filter(entry=live).first()
    if revision is None:
        raise ValidationError(gettext("There are no pending changes to publish."))
    fields = dict(revision.fields)
    audiences = list(Audience.objects.filter(pk__in=fields.pop("audience_ids")))
    for name, value in fields.items():
        setattr(live, name, value)
    revision.delete()
    return entry_save(entry=live, audiences=audiences, editor=editor)


@transaction.atomic
def entry_revision_discard(*, entry: Entry) -> bool:
    """Drop the entry's pending revision; the live entry is untouched. Returns whether there
    was one. Side effects: the EntryRevision row deleted."""
    deleted, _ = EntryRevision.objects.filter(entry=entry).delete()
    return bool(deleted)


def _entries_set_status(*, entry_ids, status: EntryStatus, editor) -> tuple[list, list]:
    changed, refused = [], []
    entries = Entry.objects.select_for_update().filter(pk__in=list(entry_ids)).order_by("pk")
    for entry in entries:
        if entry.status == status:
            continue
        entry.status = status
        try:
            entry_save(entry=entry, editor=editor)
        except ValidationError:
            refused.append(entry)
        else:
            changed.append(entry)
    return changed, refused


@transaction.atomic
def entries_publish(*, entry_ids, editor) -> tuple[list[Entry], list[Entry]]:
    """Publish the entries (the admin's bulk action). Returns (published, refused): an entry
    without an answer or an audience is refused and left as it was. Side effects: as
    entry_save, for each entry published."""
    return _entries_set_status(entry_ids=entry_ids, status=EntryStatus.PUBLISHED, editor=editor)


@transaction.atomic
def entries_archive(*, entry_ids, editor) -> list[Entry]:
    """Archive the entries: off the main list and search, onto the archive page, labelled as
    no longer current. Side effects: as entry_save, for each entry archived; their pending
    revisions deleted."""
    archived, _ = _entries_set_status(
        entry_ids=entry_ids, status=EntryStatus.ARCHIVED, editor=editor
    )
    # A pending edit of an answer that is withdrawn would, once published, bring it back.
    EntryRevision.objects.filter(entry__in=archived).delete()
    return archived


def _client_hash(client_ip: str | None) -> str:
    # Keyed with SECRET_KEY: the IPv4 space is small enough that a plain hash would be
    # reversible. The rate limit needs only equality.
    return salted_hmac("faq.inbox.client", client_ip or "unknown", algorithm="sha256").hexdigest()


@transaction.atomic
def inbox_message_submit(
    *,
    message: str,
    role: str,
    name: str = "",
    email: str = "",
    wants_reply: bool = False,
    school: str = "",
    client_ip: str | None,
) -> InboxMessage:
    """Store a question or comment from /faq/ask/ and tell ITS.

    Raises RateLimited when the sender's address already sent INBOX_LIMIT's messages in its
    window (counted in the cache, aup_portal.ratelimit). Side effects: one InboxMessage row
    (with a keyed hash of the address, not the address); a notification queued to
    ITS_INBOX_EMAIL; a receipt queued to the sender when they gave an email address.
    """
    client_hash = _client_hash(client_ip)
    if ratelimit.hit(INBOX_LIMIT, client_hash).exceeded:
        raise RateLimited(
            f"You have sent {INBOX_LIMIT.allowed} messages in the last hour, the most we accept "
            "from one connection. Please try again later, or email "
            f"{settings.DISTRICT['guidance_email']} directly."
        )
    inbox_message = InboxMessage.objects.create(
        message=message,
        role=role,
        name=name,
        email=email,
        wants_reply=wants_reply,
        school=school,
        client_hash=client_hash,
    )
    admin_path = reverse("admin:faq_inboxmessage_change", args=[inbox_message.pk])
    context = {
        "inbox_message": inbox_message,
        "admin_url": settings.PORTAL_URL + admin_path,
        "district": settings.DISTRICT,
    }
    email_queue("inbox_notification", to=[settings.ITS_INBOX_EMAIL], context=context)
    if inbox_message.email:
        email_queue("inbox_receipt", to=[inbox_message.email], context=context)
    return inbox_message


@transaction.atomic
def inbox_message_triage(
    *, inbox_message: InboxMessage, status: str, assignee, internal_notes: str
) -> InboxMessage:
    """Record ITS's triage of a message. Side effects: the message row."""
    locked = InboxMessage.objects.select_for_update().get(pk=inbox_message.pk)
    locked.status, locked.assignee, locked.internal_notes = status, assignee, internal_notes
    locked.save(update_fields=["status", "assignee", "internal_notes"])
    return locked


@transaction.atomic
def inbox_message_reply(*, inbox_message: InboxMessage, body: str, sender) -> InboxReply:
    """Email ``body`` to the sender and record it.

    Side effects: one InboxReply row; the reply queued by email to the sender; a new
    message's status becomes "answered". The same text sent twice within a minute (a
    double click) is recorded and sent once.
    """
    locked = InboxMessage.objects.select_for_update().get(pk=inbox_message.pk)
    if not locked.email:
        raise ValidationError(
            gettext("This sender gave no email address, so there is no one to reply to.")
        )
    body = body.strip()
    if not body:
        raise ValidationError(gettext("Write the reply first."))
    now = timezone.now()
    duplicate = locked.replies.filter(
        body=body, sent_at__gte=now - datetime.timedelta(minutes=1)
    ).first()
    if duplicate:
        return duplicate
    reply = InboxReply.objects.create(
        inbox_message=locked, body=body, sent_to=locked.email, sent_by=sender
    )
    if locked.status == InboxStatus.NEW:
        locked.status = InboxStatus.ANSWERED
        locked.save(update_fields=["status"])
    context = {"inbox_message": locked, "reply": reply, "district": settings.DISTRICT}
    email_queue("inbox_reply", to=[locked.email], context=context)
    return reply


@transaction.atomic
def inbox_message_draft_entry(*, inbox_message: InboxMessage, editor) -> tuple[Entry, bool]:
    """Start a draft FAQ entry from a message. Returns (entry, created): a message already
    turned into an entry keeps that one.

    Side effects: a draft Entry (the message's first 300 characters as its question, the
    audience matching the sender's role) and its first revision; the message's status
    becomes "turned into an FAQ entry" and it links to the draft.
    """
    locked = InboxMessage.objects.select_for_update().get(pk=inbox_message.pk)
    if locked.faq_entry_id is not None:
        return locked.faq_entry, False
    text = " ".join(locked.message.split())
    question = text if len(text) <= 300 else text[:299].rstrip() + "…"
    audiences = Audience.objects.filter(slug=AUDIENCE_FOR_SENDER.get(locked.role, ""))
    entry = entry_save(
        entry=Entry(question=question, status=EntryStatus.DRAFT),
        audiences=list(audiences),
        editor=editor,
    )
    locked.faq_entry = entry
    locked.status = InboxStatus.TURNED_INTO_ENTRY
    locked.save(update_fields=["faq_entry", "status"])
    return entry, True
