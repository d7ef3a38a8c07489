"""Sending an issued consent link to its guardian (the background worker's side of
consent_issue)."""

from django.db import transaction
from django.utils import timezone

from consent import emails
from consent.models import ConsentEvent, ConsentLink, EventKind


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
