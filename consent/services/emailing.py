"""Sending an issued consent link, or a reminder, to its guardian (the background worker's
side of consent_issue and consent_remind), and a new link for one that locked after
repeated wrong answers."""

import datetime
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aup_portal.queue import enqueue
from consent import emails
from consent.links import hash_token, new_nonce, token_for_nonce
from consent.models import ConsentEvent, ConsentLink, EventKind, RequestStatus
from consent.services.errors import ConsentError
from roster.access import Action, can


def _locked_link(link_id: int):
    return (
        ConsentLink.objects.select_for_update(of=("self",))
        .select_related("guardian", "request__program", "request__school_year")
        .select_related("request__student", "request__school")
        .filter(pk=link_id)
        .first()
    )


def _send(link, message, message_id: str, **marks) -> bool:
    """Sends ``message`` with the link's ``marks`` written in the same transaction, so a
    rerun finds them and sends nothing twice. A resend after a crash between the server's
    acceptance and the commit carries the same Message-ID, which mailboxes show once.
    An address the server refuses is noted on the link instead (not retried); any other
    mail fault raises, and the task is retried later."""
    host = urlsplit(settings.PORTAL_URL).hostname or "localhost"
    message.extra_headers["Message-ID"] = f"<{message_id}@{host}>"
    try:
        with transaction.atomic():
            for field, value in marks.items():
                setattr(link, field, value)
            link.save(update_fields=list(marks))
            ConsentEvent.objects.create(
                request_id=link.request_id,
                kind=EventKind.EMAILED,
                guardian_id=link.guardian_id,
                detail=link.guardian.email,
            )
            message.send()
    except smtplib.SMTPRecipientsRefused as error:
        refusal = next(iter(error.recipients.values()), (0, b""))
        link.send_error = f"{refusal[0]} {refusal[1].decode(errors='replace')}".strip()[:200]
        link.save(update_fields=["send_error"])
        return False
    return True


def consent_link_send(*, link_id: int, connection=None) -> bool:
    """Emails one issued link to its guardian unless it was already sent (or its address was
    refused); True when sent.

    Side effects: one email; the link's last_sent_at (or send_error); one "emailed" event."""
    with transaction.atomic():
        link = _locked_link(link_id)
        if link is None or link.last_sent_at or link.send_error or not link.guardian.email:
            return False
        message = emails.consent_link_email(link, connection=connection)
        # The token's hash in the id: a replaced link's new email is a new message.
        message_id = f"consent-link-{link.pk}-{link.token_hash[:16]}"
        return _send(link, message, message_id, last_sent_at=timezone.now())


def consent_link_replace(*, user, link_id: int) -> ConsentLink:
    """Gives a guardian whose link locked after repeated wrong dates of birth a new link:
    the old link and its letter code stop working, the count of wrong answers starts again.

    Side effects: the link's new token and no letter code (both stored as hashes), its
    counters cleared and last_sent_at emptied; a "new link" event; queued in the same
    transaction, the email of the new link when the guardian has an address
    (consent.tasks.send_link)."""
    with transaction.atomic():
        link = (
            ConsentLink.objects.select_for_update(of=("self",))
            .select_related("request__school", "guardian")
            .get(pk=link_id)
        )
        if not can(user, Action.ISSUE_CONSENT, link.request.school):
            raise PermissionDenied
        if link.blocked_at is None:  # a second click: the first already sent the new link
            raise ConsentError(
                code="not_locked", message=_("This link is not locked; nothing was changed.")
            )
        if link.request.status != RequestStatus.OPEN:
            raise ConsentError(
                code="not_open", message=_("This request is no longer open for an answer.")
            )
        link.nonce = new_nonce()
        link.token_hash = hash_token(token_for_nonce(link.nonce))
        link.code_hash = None
        link.failed_checks, link.locked_until, link.blocked_at = 0, None, None
        link.last_sent_at, link.send_error = None, ""
        link.save()
        ConsentEvent.objects.create(
            request_id=link.request_id,
            kind=EventKind.LINK_REPLACED,
            user=user,
            guardian_id=link.guardian_id,
        )
        if link.guardian.email:
            enqueue("consent.tasks.send_link", link_id=link.pk)
    return link


def consent_reminder_send(*, link_id: int, since: datetime.datetime, connection=None) -> bool:
    """Emails the reminder consent_remind queued at ``since`` unless it went out already (or
    the request was answered meanwhile); True when sent.

    Side effects: one email; the link's reminder_sent_at; one "emailed" event."""
    with transaction.atomic():
        link = _locked_link(link_id)
        if (
            link is None
            or link.request.status != RequestStatus.OPEN
            or (link.reminder_sent_at is not None and link.reminder_sent_at >= since)
            or link.send_error
            or not link.guardian.email
        ):
            return False
        message = emails.consent_link_email(link, connection=connection, reminder=True)
        message_id = f"consent-reminder-{link.pk}-{int(since.timestamp())}"
        return _send(link, message, message_id, reminder_sent_at=timezone.now())
