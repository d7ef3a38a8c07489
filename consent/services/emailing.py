"""Sending an issued consent link to its guardian (the background worker's side of
consent_issue), and a new link for one that locked after repeated wrong answers."""

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


def consent_link_send(*, link_id: int, connection=None) -> bool:
    """Emails one issued link to its guardian unless it was already sent; True when sent.

    The link is locked while its email goes out and is marked in the same transaction, so a
    rerun of the batch (or a second worker) finds it marked and sends nothing twice.

    Side effects: one email; the link's last_sent_at; one "emailed" ConsentEvent."""
    with transaction.atomic():
        link = (
            ConsentLink.objects.select_for_update(of=("self",))
            .select_related("guardian", "request__program", "request__school_year")
            .select_related("request__student", "request__school")
            .filter(pk=link_id)
            .first()
        )
        if link is None or link.last_sent_at is not None or not link.guardian.email:
            return False
        emails.consent_link_email(link, connection=connection).send()
        link.last_sent_at = timezone.now()
        link.save(update_fields=["last_sent_at"])
        ConsentEvent.objects.create(
            request_id=link.request_id,
            kind=EventKind.EMAILED,
            guardian_id=link.guardian_id,
            detail=link.guardian.email,
        )
    return True


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
        link.last_sent_at = None
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
